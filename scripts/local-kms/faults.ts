/**
 * Test fault injection, in process only (there is no HTTP switch for it): lets tests prove how
 * clients behave when KMS throttles, fails, is slow or drops connections, without long sleeps.
 */
export type LocalKmsFaultKind = 'throttle' | 'unavailable' | 'delay' | 'reset';

export interface LocalKmsFaultOptions {
  /** For 'delay': how long to hold each request before answering normally. */
  ms?: number;
  /** Affect only the next N requests, then behave again; default: until cleared. */
  times?: number;
  /** Affect only these operations (e.g. ['GenerateDataKey']); default: all. */
  operations?: string[];
}

export interface ActiveFault extends LocalKmsFaultOptions {
  kind: LocalKmsFaultKind;
}

export class FaultInjector {
  private fault: ActiveFault | undefined;

  set(kind: LocalKmsFaultKind, options: LocalKmsFaultOptions = {}) {
    if (kind === 'delay' && !(Number(options.ms) > 0)) throw new Error("A 'delay' fault needs options.ms");
    this.fault = { kind, ...options };
  }

  clear() {
    this.fault = undefined;
  }

  /** The fault this request suffers, if any (and one fewer remaining). */
  take(operation: string): ActiveFault | undefined {
    const fault = this.fault;
    if (!fault || (fault.operations && !fault.operations.includes(operation))) return undefined;
    if (fault.times !== undefined) {
      fault.times -= 1;
      if (fault.times <= 0) this.fault = undefined;
    }
    return fault;
  }
}
