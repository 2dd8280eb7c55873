import type { ChaosTenant } from './chaos-tenants';
import type { GatewayFleet } from './gateway-fleet';
import { sendThroughFleet, type Outcome } from './send-request';

/**
 * Steady load: `concurrency` clients in closed loops until stopped. Client i always speaks for tenant
 * i mod T, streaming on every other round of tenants, so each tenant has streaming and plain clients.
 */
export class SteadyLoad {
  readonly outcomes: Outcome[] = [];
  private isRunning = false;
  private clients: Promise<void>[] = [];
  /** When each client's request in flight began (ms since the run started), null between requests. */
  private readonly inFlightSince: (number | null)[] = [];

  constructor(
    private readonly fleet: GatewayFleet,
    private readonly tenants: readonly ChaosTenant[],
    private readonly concurrency: number,
    readonly startedAt: number,
  ) {}

  start() {
    this.isRunning = true;
    this.clients = Array.from({ length: this.concurrency }, async (_, index) => {
      const tenant = this.tenants[index % this.tenants.length];
      const isStream = Math.floor(index / this.tenants.length) % 2 === 1;
      while (this.isRunning) {
        this.inFlightSince[index] = this.now();
        const outcome = await sendThroughFleet(this.fleet, tenant, isStream, this.startedAt);
        this.outcomes.push(outcome);
        this.inFlightSince[index] = null;
        // No gateway to send to: wait as a client backing off would, instead of spinning.
        if (outcome.kind === 'unreachable') await new Promise((resolve) => setTimeout(resolve, 100));
      }
    });
  }

  async stop() {
    this.isRunning = false;
    await Promise.all(this.clients);
  }

  now(): number {
    return performance.now() - this.startedAt;
  }

  /** Whether every request started before `time` has finished (so startedBetween up to `time` is complete). */
  hasSettled(time: number): boolean {
    return this.inFlightSince.every((since) => since === null || since >= time);
  }

  /** Outcomes of requests started in [from, to). */
  startedBetween(from: number, to: number, filter: (outcome: Outcome) => boolean = () => true): Outcome[] {
    return this.outcomes.filter((outcome) => outcome.startedAt >= from && outcome.startedAt < to && filter(outcome));
  }
}

export function successRate(outcomes: readonly Outcome[]): number {
  if (outcomes.length === 0) return NaN;
  return outcomes.filter((outcome) => outcome.kind === 'answered').length / outcomes.length;
}
