// The Prisma CLI reads the engine's stderr as JSON lines in the `tracing` format
// ({ level, fields: { message, ... }, target }) and keeps the last ERROR as the failure reason.

const TARGET = 'schema_engine::logger';

/** Writes one log line to stderr in the format the Prisma CLI parses. */
export function writeLog(level, message, fields = {}) {
  const line = { timestamp: new Date().toISOString(), level, fields: { message, ...fields }, target: TARGET };
  process.stderr.write(`${JSON.stringify(line)}\n`);
}

/** Returns a callback for SchemaEngine.new that forwards the WASM engine's JSON log output, line by line. */
export function createWasmLogForwarder() {
  return (chunk) => {
    for (const line of String(chunk).split('\n')) {
      if (line.trim() !== '') process.stderr.write(`${line}\n`);
    }
  };
}
