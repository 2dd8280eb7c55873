import fs from 'node:fs';
import path from 'node:path';
import { startEmbeddedPostgres, type StartedPostgres } from '../services/embedded-postgres';
import { startLocalStack, type LocalStack } from '../services/local-stack';
import { loadLocalSecrets } from '../services/local-secrets';
import { dataDir as rootDataDir } from '../services/paths';
import { startLocalKms, type LocalKms } from '@/scripts/local-kms/start-local-kms';
import { startLocalModel, type LocalModel, type UpstreamFaultMode } from '@/scripts/local-model/server';

/** Where the chaos run's processes listen (all loopback); each can be moved with its variable. */
const CHAOS_DATABASE = 'bulkhead_chaos';

export interface ChaosPorts {
  postgres: number;
  secondPostgres: number;
  kms: number;
  model: number;
  dedicatedModel: number;
  /** One per gateway process; 0 lets each pick a free port. */
  gateways: number[];
}

export function readChaosPorts(): ChaosPorts {
  const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
  const gateways = (process.env.BULKHEAD_CHAOS_GATEWAY_PORTS ?? '4733,4734,4735,4736').split(',').map(Number);
  return {
    postgres: port('BULKHEAD_CHAOS_PG_PORT', 55733),
    secondPostgres: port('BULKHEAD_CHAOS_SECOND_PG_PORT', 55743),
    kms: port('BULKHEAD_CHAOS_KMS_PORT', 4533),
    model: port('BULKHEAD_CHAOS_MODEL_PORT', 4633),
    dedicatedModel: port('BULKHEAD_CHAOS_DEDICATED_MODEL_PORT', 4634),
    gateways,
  };
}

/**
 * Everything the chaos run starts and breaks: two embedded PostgreSQL servers (the control plane with the
 * shared and schema tiers, and a second server standing for another machine), the local KMS, the shared
 * model simulator (started by the local stack; faults through its loopback hook) and a second simulator
 * that dedicated tenants' own endpoints point at. Each can be stopped and started again on its port.
 */
export class ChaosStack {
  private constructor(
    readonly dir: string,
    readonly ports: ChaosPorts,
    readonly local: LocalStack,
    private postgres: StartedPostgres,
    private secondPostgres: StartedPostgres,
    private kms: LocalKms | null,
    readonly dedicatedModel: LocalModel,
    readonly secondServerUrl: string,
  ) {}

  readonly database = CHAOS_DATABASE;

  static async start(dirName: string, ports: ChaosPorts, log: (line: string) => void): Promise<ChaosStack> {
    const dir = path.join(rootDataDir, dirName);
    // Fresh clusters every run: no placement, role or database left from an earlier run.
    for (const cluster of ['pg', 'pg2']) fs.rmSync(path.join(dir, cluster), { recursive: true, force: true });
    const password = loadLocalSecrets(dir).postgresSuperuserPassword;
    log(`Starting PostgreSQL on 127.0.0.1:${ports.postgres} and a second server on 127.0.0.1:${ports.secondPostgres}.`);
    const [postgres, secondPostgres, kms, dedicatedModel] = await Promise.all([
      startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), port: ports.postgres, password }),
      startEmbeddedPostgres({ dataDir: path.join(dir, 'pg2'), port: ports.secondPostgres, password }),
      startLocalKms({ dataDir: path.join(dir, 'kms'), port: ports.kms }),
      startLocalModel({ port: ports.dedicatedModel }),
    ]);
    // Started again on the same port after an outage, so the gateways' endpoint setting stays right.
    ports = { ...ports, kms: kms.port };
    process.env.DATABASE_URL = postgres.adminUrl;
    process.env.BULKHEAD_KMS_ENDPOINT = kms.url;
    const local = await startLocalStack({
      dataDir: dir,
      postgresPort: ports.postgres,
      database: CHAOS_DATABASE,
      fresh: true,
      kmsPort: ports.kms,
      modelPort: ports.model,
      log,
    });
    return new ChaosStack(dir, ports, local, postgres, secondPostgres, kms, dedicatedModel, secondPostgres.adminUrl);
  }

  get modelUrl(): string {
    return this.local.appEnv.BULKHEAD_LOCAL_MODEL_URL;
  }

  /** A fast shutdown of the control-plane server (every session cut), started again at once on the same data. */
  async restartPostgres(): Promise<void> {
    await this.postgres.stop();
    this.postgres = await this.startPostgresAgain('pg', this.ports.postgres);
  }

  async stopSecondPostgres(): Promise<void> {
    await this.secondPostgres.stop();
  }

  async startSecondPostgres(): Promise<void> {
    this.secondPostgres = await this.startPostgresAgain('pg2', this.ports.secondPostgres);
  }

  async stopKms(): Promise<void> {
    await this.kms?.close();
    this.kms = null;
  }

  async startKms(): Promise<void> {
    this.kms = await startLocalKms({ dataDir: path.join(this.dir, 'kms'), port: this.ports.kms });
  }

  /** Switches the shared simulator's fault over its loopback-only hook, as an operator's tool would. */
  async setUpstreamFault(mode: UpstreamFaultMode | null): Promise<void> {
    const response = await fetch(`${this.modelUrl}/__simulator/fault`, { method: 'PUT', body: JSON.stringify({ mode }) });
    if (!response.ok) throw new Error(`the simulator refused the fault ${mode}: ${response.status}`);
  }

  async stop(): Promise<void> {
    await this.dedicatedModel.close().catch(() => {});
    await this.local.stop();
    await this.kms?.close().catch(() => {});
    await this.secondPostgres.stop().catch(() => {});
    await this.postgres.stop().catch(() => {});
  }

  private startPostgresAgain(cluster: string, port: number) {
    return startEmbeddedPostgres({ dataDir: path.join(this.dir, cluster), port, password: loadLocalSecrets(this.dir).postgresSuperuserPassword });
  }
}
