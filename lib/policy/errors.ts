/** Thrown when the engine is given inconsistent input (e.g. two tenants with the same id); a caller bug, not a user error. */
export class PolicyInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PolicyInputError';
  }
}
