/**
 * Errors the local KMS returns on the wire. `type` is the `__type` AWS KMS uses, so the SDK
 * throws an error with that `name` and callers handle the local server and AWS the same way.
 */
export class KmsProtocolError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = type;
  }
}

export const notFound = (what: string) => new KmsProtocolError('NotFoundException', `${what} is not found.`);

export const disabled = (keyArn: string) => new KmsProtocolError('DisabledException', `${keyArn} is disabled.`);

export const invalidState = (keyArn: string, state: string) =>
  new KmsProtocolError('KMSInvalidStateException', `${keyArn} is ${state === 'PendingDeletion' ? 'pending deletion' : `in state ${state}`}.`);

export const invalidCiphertext = () =>
  new KmsProtocolError('InvalidCiphertextException', 'The ciphertext is invalid or does not match the encryption context.');

export const incorrectKey = () =>
  new KmsProtocolError('IncorrectKeyException', 'The key ID in the request does not identify the KMS key that encrypted the ciphertext.');

export const validation = (message: string) => new KmsProtocolError('ValidationException', message);
