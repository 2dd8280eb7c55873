#!/usr/bin/env node
// Offline stand-in for Prisma's native `schema-engine` binary.
//
// Why: the Prisma 7 CLI (migrate, db, generate, even --version) downloads a native schema-engine from
// Prisma's binaries host, which this project cannot reach, and no npm package ships that binary.
// Prisma 7.10.1 has no switch to its WASM engine either. The CLI does honour PRISMA_SCHEMA_ENGINE_BINARY,
// so scripts/prisma-offline.mjs points it here: this script speaks the binary's stdio JSON-RPC protocol
// and runs @prisma/schema-engine-wasm over @prisma/adapter-pg (with fixes for three adapter bugs,
// see adapter-fixes.mjs). Plain ESM JavaScript so the CLI can spawn it without a TypeScript loader.
//
// Tested with exactly: prisma 7.10.1, @prisma/adapter-pg 7.10.1, @prisma/driver-adapter-utils 7.10.1,
// @prisma/schema-engine-wasm 8.1.0-2.59be4fda12412a79eeb9c2ae727b6aa723593323 (see versions.mjs;
// any other installed version makes it refuse to start).
import fs from 'node:fs';
import path from 'node:path';
import { parseArguments } from './arguments.mjs';
import { toJsonRpcError, toUserFacingError } from './errors.mjs';
import { createWasmLogForwarder, writeLog } from './logger.mjs';
import { serveJsonRpc } from './rpc.mjs';
import { describeVersionMismatches, findVersionMismatches } from './versions.mjs';

// The CLI parses every stderr line as JSON; route Node's plain-text warnings (e.g. pg's sslmode
// notice) through the JSON logger instead.
process.emitWarning = (warning) => writeLog('WARN', String(warning?.message ?? warning));

// The CLI drops the first stderr line of `cli` subcommands, so it must never be the error.
writeLog('INFO', 'Starting the offline schema engine (WASM)');

// A WASM panic inside an engine callback escapes every promise; report it like the binary.
process.on('uncaughtException', (error) => {
  const { message, is_panic: isPanic } = toUserFacingError(error);
  if (isPanic) exitOnPanic(message);
  writeLog('ERROR', message);
  process.exit(1);
});

const argv = process.argv.slice(2);
let options;
try {
  options = parseArguments(argv);
  const refusal = describeVersionMismatches(findVersionMismatches());
  if (refusal) throw new Error(refusal);
} catch (error) {
  await refuseToStart(error);
}

try {
  if (options.mode === 'version') await printVersion();
  else if (options.mode === 'cli') await runCli(options);
  else await serveRpc(options);
} catch (error) {
  writeLog('ERROR', error?.message ?? String(error), error?.errorCode ? { error_code: error.errorCode } : {});
  process.exit(1);
}

/** The binary dies with status 101 on a panic; the CLI shows the last ERROR line as the reason. */
function exitOnPanic(message) {
  writeLog('ERROR', message, { is_panic: true });
  process.exit(101);
}

async function refuseToStart(error) {
  writeLog('ERROR', error.message);
  if (argv.includes('cli') || argv.includes('--version')) process.exit(1);
  // In RPC mode some CLI commands (e.g. `migrate diff`) silently exit 0 when the engine dies before
  // answering, so stay up and answer every request with the reason instead.
  await serveJsonRpc({
    handleRequest: async () => {
      throw error;
    },
    toErrorObject: toJsonRpcError,
  }).closed;
  process.exit(1);
}

async function printVersion() {
  const { loadSchemaEngineModule } = await import('./wasm-engine.mjs');
  process.stdout.write(`schema-engine-cli ${loadSchemaEngineModule().version()}\n`);
}

async function runCli({ command, datasource }) {
  if (!datasource) throw new Error('`cli` commands need --datasource with a "url"');
  const { runCliCommand } = await import('./cli-commands.mjs');
  writeLog('INFO', await runCliCommand(command, datasource));
}

async function serveRpc({ datamodelPaths, datasource, ignored }) {
  const { createMigrationAdapterFactory } = await import('./adapter-fixes.mjs');
  const { createSchemaEngine } = await import('./wasm-engine.mjs');
  const { createRequestHandler } = await import('./methods.mjs');

  for (const option of ignored) writeLog('WARN', `Ignored by the WASM engine: ${option}`);
  // The CLI spawns the engine with its cwd set so that these paths resolve.
  const datamodels = datamodelPaths.map((file) => [file, fs.readFileSync(path.resolve(file), 'utf8')]);

  let enginePromise = null;
  // Connect on first use, as the binary does, so a connection failure becomes a request error.
  const getEngine = () => {
    if (!datasource) {
      throw new Error(
        'No datasource URL (set BULKHEAD_MIGRATE_URL): the offline WASM schema engine needs a database ' + 'connection for every command, even `migrate diff`.',
      );
    }
    enginePromise ??= createSchemaEngine({
      datamodels,
      adapterFactory: createMigrationAdapterFactory(datasource),
      onLog: createWasmLogForwarder(),
    }).catch((error) => {
      enginePromise = null;
      throw error;
    });
    return enginePromise;
  };

  const server = serveJsonRpc({
    handleRequest: createRequestHandler({ getEngine, callClient: (method, params) => server.callClient(method, params) }),
    toErrorObject: (error) => {
      const rendered = toJsonRpcError(error);
      // After a panic the WASM instance is unusable. The binary dies with status 101 and the CLI
      // reports the last ERROR line as the reason; do the same instead of answering.
      if (rendered.data.is_panic) exitOnPanic(rendered.data.message);
      return rendered;
    },
  });
  await server.closed;
  process.exit(0);
}
