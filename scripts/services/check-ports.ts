import { execFileSync } from 'node:child_process';
import net from 'node:net';

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ port, host: '127.0.0.1', exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

/** "node (pid 1234)" for whatever listens on the port, as far as `ss` can tell; null when it cannot. */
function describeHolder(port: number): string | null {
  try {
    const out = execFileSync('ss', ['-Hltnp', `sport = :${port}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const match = /users:\(\("([^"]+)",pid=(\d+)/.exec(out);
    return match ? `${match[1]} (pid ${match[2]})` : null;
  } catch {
    return null;
  }
}

/**
 * Refuses to start when a port the demo needs is taken, before minutes of building: names each port,
 * what it is for and, where the system says, the process holding it (often a previous demo's server).
 * @throws Error listing every busy port
 */
export async function assertPortsFree(ports: Record<string, number>): Promise<void> {
  const busy: string[] = [];
  for (const [purpose, port] of Object.entries(ports)) {
    if (await isPortFree(port)) continue;
    const holder = describeHolder(port);
    busy.push(`port ${port} (${purpose}) is in use${holder ? ` by ${holder}` : ''}`);
  }
  if (busy.length > 0) {
    throw new Error(`${busy.join('; ')}. Stop what holds them, or choose other ports (PORT, BULKHEAD_PG_PORT, BULKHEAD_KMS_PORT, BULKHEAD_MODEL_PORT).`);
  }
}
