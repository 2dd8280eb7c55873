import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { closeTenantSqlPools } from '@/lib/tenancy/with-tenant-sql';
import { createGatewayTenant, startGatewayHarness, type GatewayHarness } from './testing/gateway-harness';

/**
 * A virtual environment that sees the system's packages, with the official `openai` package (1.x
 * or later) importable; or the reason there is none. PyPI may be unreachable, so nothing is
 * installed here: the SDK must come from the system (Debian's python3-openai, or an earlier pip).
 */
function preparePythonSdk(): { python: string } | { reason: string } {
  const system = ['/usr/bin/python3', 'python3'].find((candidate) => spawnSync(candidate, ['--version']).status === 0);
  if (!system) return { reason: 'no python3 on this machine' };
  const venv = path.resolve(process.env.BULKHEAD_DATA_DIR ?? '.data', 'test', 'python-sdk-venv');
  const python = path.join(venv, 'bin', 'python');
  if (!existsSync(python)) {
    const created = spawnSync(system, ['-m', 'venv', '--system-site-packages', venv], { encoding: 'utf8' });
    if (created.status !== 0) return { reason: `python3 -m venv failed: ${created.stderr.trim().split('\n').at(-1)}` };
  }
  const probe = spawnSync(python, ['-c', 'import openai; print(openai.__version__)'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    return {
      reason:
        'the official OpenAI Python SDK is not installed (no Debian python3-openai package on this system and PyPI unreachable); install python3-openai or `pip install openai` to run it',
    };
  }
  const major = Number(probe.stdout.trim().split('.')[0]);
  if (!(major >= 1)) return { reason: `the installed openai package is ${probe.stdout.trim()}, older than the 1.x SDK this test drives` };
  return { python };
}

// Not part of `npm test`, which must pass on a machine without the Python SDK (it is not in Debian's
// archive and PyPI is out of reach here): `npm run test:python-sdk` runs it, and fails when it cannot.
describe('the official Python SDK against the gateway', () => {
  const sdk = preparePythonSdk();
  let harness: GatewayHarness;
  let apiKey: string;

  before(async () => {
    if ('reason' in sdk) return;
    harness = await startGatewayHarness();
    apiKey = (await createGatewayTenant('gw-python')).apiKey;
  });
  after(async () => {
    await harness?.close();
    await closeTenantSqlPools();
    await disconnectAllPrismaClients();
  });

  test('tool round trip, JSON schema, embeddings, Responses streaming, a clear 400', () => {
    if ('reason' in sdk) assert.fail(`The Python SDK check cannot run: ${sdk.reason}.`);
    const script = path.join(import.meta.dirname, 'testing', 'python-sdk-client.py');
    const output = execFileSync(sdk.python, [script, harness.baseURL, apiKey], { encoding: 'utf8', timeout: 60_000 });
    const result = JSON.parse(output.trim().split('\n').at(-1)!);
    assert.equal(result.toolName, 'get_weather');
    assert.deepEqual(result.toolArguments, { city: 'Oslo' });
    assert.match(result.afterTool, /sunny and mild/);
    assert.deepEqual(result.structured, { answer: 'json' });
    assert.equal(result.dimensions, 64);
    assert.equal(result.streamed, 'from python');
    assert.equal(result.refused.status, 400);
    assert.match(result.refused.message, /'logprobs' is not supported by the endpoint/);
  });
});
