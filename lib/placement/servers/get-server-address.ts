import 'server-only';
import { getServerOwnerUrl } from './get-server-owner-url';
import { toServerAddressUrl } from './server-urls';

/** A registered server's address with its TLS settings and no credentials, for a placement built there. */
export async function getServerAddressUrl(serverId: string): Promise<string> {
  return toServerAddressUrl(await getServerOwnerUrl(serverId));
}
