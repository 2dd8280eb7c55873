import { KmsProtocolError, validation } from './errors';
import { assertNotPendingDeletion, getAliasArn, requireString, resolveKey, type Operation } from './operation-context';

const aliasPattern = /^alias\/[a-zA-Z0-9/_-]{1,250}$/;

/** CreateAlias and ListAliases (paginated with an opaque marker, as in AWS). */
export const aliasOperations: Record<string, Operation> = {
  CreateAlias(input, context) {
    const aliasName = requireString(input, 'AliasName');
    if (!aliasPattern.test(aliasName) || aliasName.startsWith('alias/aws/')) {
      throw new KmsProtocolError('InvalidAliasNameException', `Alias name ${aliasName} is not valid.`);
    }
    const key = resolveKey(context, requireString(input, 'TargetKeyId'), { allowAlias: false });
    assertNotPendingDeletion(context, key);
    if (context.store.getAlias(aliasName)) {
      throw new KmsProtocolError('AlreadyExistsException', `An alias with the name ${getAliasArn(context, aliasName)} already exists.`);
    }
    context.store.putAlias(aliasName, key.keyId);
    return {};
  },

  ListAliases(input, context) {
    const limit = Number(input.Limit ?? 50);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw validation('Limit must be 1 to 100.');
    const keyId = input.KeyId === undefined ? undefined : resolveKey(context, String(input.KeyId), { allowAlias: false }).keyId;
    const all = context.store.listAliases().filter(([, alias]) => !keyId || alias.targetKeyId === keyId);
    const start = input.Marker === undefined ? 0 : Number(Buffer.from(String(input.Marker), 'base64url').toString());
    if (!Number.isInteger(start) || start < 0) throw validation('Marker is not valid.');
    const page = all.slice(start, start + limit);
    const isTruncated = start + limit < all.length;
    return {
      Aliases: page.map(([name, alias]) => ({
        AliasName: name,
        AliasArn: getAliasArn(context, name),
        TargetKeyId: alias.targetKeyId,
        CreationDate: alias.createdAt / 1000,
      })),
      Truncated: isTruncated,
      NextMarker: isTruncated ? Buffer.from(String(start + limit)).toString('base64url') : undefined,
    };
  },
};
