import 'server-only';
import net from 'node:net';

// PostgreSQL's SSLRequest: length 8, code 80877103. A server answers one byte, 'S' or 'N', before
// any authentication, so the console can tell "a PostgreSQL answers there" without holding a password.
const SSL_REQUEST = Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]);

/** Whether a PostgreSQL server answers at host:port within `timeoutMs` (no credentials involved). */
export function isPostgresAnswering(host: string, port: number, timeoutMs = 1_500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const finish = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('error', () => finish(false));
    socket.once('connect', () => socket.write(SSL_REQUEST));
    socket.once('data', (data) => finish(data[0] === 0x53 || data[0] === 0x4e));
  });
}
