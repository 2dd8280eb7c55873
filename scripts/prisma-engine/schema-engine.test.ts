// The engine's version guard and stdio protocol, and the project's prisma.config.ts; no database needed.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ENGINE_DIR = __dirname;
const ENGINE = path.join(ENGINE_DIR, 'schema-engine.mjs');

/** Runs the engine with `stdin` as its whole input (JSON-RPC lines), like the CLI does. */
function runEngine(script: string, args: string[], stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [script, ...args], { timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
    child.stdin?.end(stdin);
  });
}

/** A JSON-RPC response line of the engine (the fields these tests read). */
interface RpcResponse {
  jsonrpc: string;
  id: number | null;
  error: { code: number; message?: string; data: { message: string; is_panic: boolean } };
}

function parseLines(output: string): RpcResponse[] {
  return output
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line));
}

/** A copy of the engine next to a node_modules holding another prisma version (and nothing else). */
function copyEngineWithOtherVersions(): { root: string; script: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bulkhead-engine-versions-'));
  const copy = path.join(root, 'scripts', 'prisma-engine');
  fs.mkdirSync(copy, { recursive: true });
  for (const file of fs.readdirSync(ENGINE_DIR).filter((name) => name.endsWith('.mjs'))) {
    fs.copyFileSync(path.join(ENGINE_DIR, file), path.join(copy, file));
  }
  fs.mkdirSync(path.join(root, 'node_modules', 'prisma'), { recursive: true });
  fs.writeFileSync(path.join(root, 'node_modules', 'prisma', 'package.json'), '{"name":"prisma","version":"7.99.0"}');
  return { root, script: path.join(copy, 'schema-engine.mjs') };
}

function readInstalledVersion(packageName: string): string {
  const manifest = path.resolve(ENGINE_DIR, '..', '..', 'node_modules', packageName, 'package.json');
  return JSON.parse(fs.readFileSync(manifest, 'utf8')).version;
}

describe('schema-engine.mjs without a database', () => {
  test('--version reports the WASM engine build, as the binary reports its own', async () => {
    const engineBuild = readInstalledVersion('@prisma/schema-engine-wasm').split('.').at(-1);
    const result = await runEngine(ENGINE, ['--version']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout.trim(), `schema-engine-cli ${engineBuild}`);
  });

  test('refuses to start when the installed versions differ from the tested ones', async () => {
    const { root, script } = copyEngineWithOtherVersions();
    try {
      const result = await runEngine(script, ['--version']);
      assert.equal(result.code, 1);
      assert.equal(result.stdout, '', 'nothing reported as a version');
      assert.match(result.stderr, /refuses to start/);
      assert.match(result.stderr, /prisma: tested 7\.10\.1, installed 7\.99\.0/);
      assert.match(result.stderr, /@prisma\/schema-engine-wasm: tested [^,]+, installed none/);

      // In RPC mode the refusal must reach the CLI as the answer to its request.
      const rpc = await runEngine(script, [], '{"jsonrpc":"2.0","id":7,"method":"applyMigrations","params":{}}\n');
      assert.equal(rpc.code, 1);
      const [response] = parseLines(rpc.stdout);
      assert.equal(response.id, 7);
      assert.match(response.error.data.message, /refuses to start/);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  test('answers JSON-RPC requests line by line and reports unknown methods as errors', async () => {
    const requests = ['{"jsonrpc":"2.0","id":1,"method":"getDatabaseDescription","params":{}}', 'not json', ''].join('\n');
    const result = await runEngine(ENGINE, [], requests);
    assert.equal(result.code, 0, result.stderr);
    const responses = parseLines(result.stdout);
    assert.equal(responses.length, 2);
    const unknown = responses.find((response) => response.id === 1);
    const unparsable = responses.find((response) => response.id === null);
    assert.ok(unknown && unparsable, result.stdout);
    assert.equal(unknown.error.code, 4466);
    assert.equal(unknown.error.data.is_panic, false);
    assert.match(unknown.error.data.message, /does not implement `getDatabaseDescription`/);
    assert.deepEqual(unparsable, { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } });
    for (const line of result.stderr.split('\n').filter(Boolean)) JSON.parse(line); // every log line is JSON
  });
});

describe('prisma.config.ts', () => {
  test('takes the owner URL and the shadow URL from the environment', async () => {
    process.env.BULKHEAD_MIGRATE_URL = 'postgres://owner:secret@127.0.0.1:5999/bulkhead';
    process.env.BULKHEAD_SHADOW_URL = 'postgres://owner:secret@127.0.0.1:5999/bulkhead_shadow';
    const { default: config } = await import('../../prisma.config');
    assert.equal(config.schema, 'prisma/schema.prisma');
    assert.equal(config.migrations?.path, 'prisma/migrations');
    assert.equal(config.datasource?.url, process.env.BULKHEAD_MIGRATE_URL);
    assert.equal(config.datasource?.shadowDatabaseUrl, process.env.BULKHEAD_SHADOW_URL);
  });
});
