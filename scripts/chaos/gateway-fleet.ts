import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createInterface } from 'node:readline';
import { repoRoot } from '../services/paths';

export interface FleetMember {
  index: number;
  /** The port asked for (0: any), and the URL it listens on once started. */
  port: number;
  url: string;
  child: ChildProcess | null;
  /** As a load balancer polling /readyz sees it: only ready members get new requests. */
  isReady: boolean;
  /** Where it listens, known before the balancer admits it (url stays empty until then). */
  listeningUrl: string;
  /** Streams this balancer has open on the member now. */
  streamsInFlight: number;
}

/**
 * Gateway processes (`npm run gateway`, one process each) on their own ports, and a load balancer's view of
 * them: requests go round-robin to members whose `/readyz` answered 200 at the last poll (every 250 ms),
 * and a member whose connection failed is left out until its next good poll, as an HTTP balancer would.
 */
export class GatewayFleet {
  readonly members: FleetMember[];
  private next = 0;
  private poller: NodeJS.Timeout | null = null;

  constructor(
    ports: number[],
    private readonly env: Record<string, string>,
    private readonly logFile: string,
  ) {
    this.members = ports.map((port, index) => ({ index, port, url: '', listeningUrl: '', child: null, isReady: false, streamsInFlight: 0 }));
  }

  /**
   * Starts member `index`; the balancer sends it requests once it listens and `beforeAdmitting` (given its
   * URL) has returned.
   */
  async start(index: number, options: { beforeAdmitting?: (url: string) => Promise<void> } = {}): Promise<void> {
    const member = this.members[index];
    member.url = '';
    member.listeningUrl = '';
    const log = fs.openSync(this.logFile, 'a');
    // The owner role (provisioning) never reaches a gateway, even when one starts while tenants are provisioned.
    const { BULKHEAD_OWNER_DATABASE_URL: _owner, ...inherited } = process.env;
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/gateway.ts', '--port', String(member.port)], {
      cwd: repoRoot,
      env: { ...inherited, ...this.env },
      stdio: ['ignore', 'pipe', log],
    });
    fs.closeSync(log);
    member.child = child;
    const url = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).on('line', (line) => {
        const match = /Bulkhead gateway: (http:\/\/\S+)\/v1/.exec(line);
        if (match) resolve(match[1]);
      });
      child.once('exit', (code) => reject(new Error(`gateway ${index + 1} exited with ${code} before listening (log: ${this.logFile})`)));
    });
    member.listeningUrl = url;
    await options.beforeAdmitting?.(url);
    member.url = url;
    child.once('exit', () => {
      if (member.child === child) {
        member.child = null;
        member.isReady = false;
      }
    });
  }

  startPolling() {
    this.poller ??= setInterval(() => void this.poll(), 250);
  }

  /**
   * The next ready member, round-robin. When none is ready (a KMS or database outage makes every `/readyz`
   * fail) it fails open to every running member, as common balancers do, so tenants the outage does not
   * touch are still served; null when no gateway process runs.
   */
  pick(): FleetMember | null {
    for (const isAcceptable of [(member: FleetMember) => member.isReady, (member: FleetMember) => member.child !== null && member.url !== '']) {
      for (let tried = 0; tried < this.members.length; tried += 1) {
        const member = this.members[this.next++ % this.members.length];
        if (isAcceptable(member)) return member;
      }
    }
    return null;
  }

  markUnreachable(member: FleetMember) {
    member.isReady = false;
  }

  /** Sends a signal to one member; resolves when it has exited (SIGTERM waits for its drain). */
  async signal(index: number, signal: 'SIGKILL' | 'SIGTERM'): Promise<void> {
    const child = this.members[index].child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  }

  async stopAll(): Promise<void> {
    if (this.poller) clearInterval(this.poller);
    this.poller = null;
    await Promise.all(this.members.map((member) => this.signal(member.index, 'SIGTERM')));
  }

  async waitUntilListening(index: number): Promise<void> {
    const member = this.members[index];
    while (!member.listeningUrl) {
      if (!member.child) throw new Error(`gateway ${index + 1} is not running (log: ${this.logFile})`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async waitUntilReady(index: number, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await this.isReady(this.members[index]))) {
      if (Date.now() > deadline) throw new Error(`gateway ${index + 1} did not become ready (log: ${this.logFile})`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    this.members[index].isReady = true;
  }

  private async poll() {
    await Promise.all(
      this.members.map(async (member) => {
        if (member.child) member.isReady = await this.isReady(member);
      }),
    );
  }

  private async isReady(member: FleetMember): Promise<boolean> {
    if (!member.child || !member.url) return false;
    try {
      const response = await fetch(`${member.url}/readyz`, { signal: AbortSignal.timeout(3_000) });
      await response.arrayBuffer();
      return response.status === 200;
    } catch {
      return false;
    }
  }
}
