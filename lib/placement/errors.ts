import 'server-only';
import { UserFacingError } from '@/lib/errors';

/** The layer is being moved to another tier: reads continue, writes wait until the switch. */
export class PlacementMovingError extends UserFacingError {
  constructor() {
    super('This data is being moved to its new isolation tier. Reading works; try the change again in a minute.', 409);
    this.name = 'PlacementMovingError';
  }
}

/** The placement is not ready (still provisioning) or was retired. */
export class PlacementUnavailableError extends UserFacingError {
  constructor(state: string) {
    super(`This tenant's data store is ${state === 'provisioning' ? 'still being set up' : 'not available'}. Try again shortly.`, 409);
    this.name = 'PlacementUnavailableError';
  }
}

/** The placement changed between sealing the values and writing them (a tier switch): redo the work. */
export class PlacementChangedError extends UserFacingError {
  constructor() {
    super("This tenant's data store changed while your request ran. Try again.", 409);
    this.name = 'PlacementChangedError';
  }
}

/** Every pooled connection is busy and the cap is reached. */
export class PlacementBusyError extends UserFacingError {
  constructor() {
    super('The service is busy. Try again in a moment.', 429);
    this.name = 'PlacementBusyError';
  }
}

/** A provisioning, migration or upgrade request that cannot be done as asked (the message says why). */
export class PlacementOperationError extends UserFacingError {
  constructor(message: string) {
    super(message, 409);
    this.name = 'PlacementOperationError';
  }
}
