/**
 * `npm run bench:upstream-client`: CPU per Chat Completions call of the two upstream clients the
 * gateway could use, against the trivial upstream in its own process: the official openai SDK (on the
 * keep-alive node:http fetch it used, lib/enforcement/upstream-fetch.ts) and the lean node:http client
 * (lib/enforcement/upstream-chat.ts) on the hot path now. Non-streaming and streaming, at concurrency
 * 16, alternating rounds so machine load hits both alike. Options: --calls per round (4000), --rounds (3).
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import { parseArgs } from 'node:util';
import OpenAI from 'openai';
import type { RoutedEndpoint } from '@/lib/enforcement/route-endpoint';
import { completeChatUpstream, streamChatUpstream } from '@/lib/enforcement/upstream-chat';
import { upstreamFetch } from '@/lib/enforcement/upstream-fetch';
import { repoRoot } from './services/paths';
import { waitForHttp } from './services/wait-for-http';

const { values } = parseArgs({ options: { calls: { type: 'string', default: '4000' }, rounds: { type: 'string', default: '3' } } });
const calls = Number(values.calls);
const port = Number(process.env.BULKHEAD_BENCH_UPSTREAM_PORT ?? 4691);
const baseUrl = `http://127.0.0.1:${port}/v1`;
const endpoint: RoutedEndpoint = {
  id: 'bench',
  name: 'bench',
  kind: 'simulator',
  baseUrl,
  apiKey: 'unused',
  timeoutMs: 10_000,
  models: [],
  scope: 'shared',
  egress: 'any',
};
const body = {
  model: 'sim-small',
  messages: [
    { role: 'system', content: 'You are a helpful assistant.' },
    { role: 'user', content: 'What is the refund window for annual plans?' },
  ],
};
const sdk = new OpenAI({ baseURL: baseUrl, apiKey: 'unused', maxRetries: 0, fetch: upstreamFetch });

const clients: Record<string, () => Promise<unknown>> = {
  'openai SDK, JSON': () => sdk.chat.completions.create({ ...(body as OpenAI.ChatCompletionCreateParamsNonStreaming), stream: false }, { timeout: 10_000 }),
  'lean node:http, JSON': () => completeChatUpstream(endpoint, body),
  'openai SDK, stream': async () => {
    for await (const _ of await sdk.chat.completions.create(
      { ...(body as OpenAI.ChatCompletionCreateParamsStreaming), stream: true, stream_options: { include_usage: true } },
      { timeout: 10_000 },
    ))
      void _;
  },
  'lean node:http, stream': async () => {
    for await (const _ of await streamChatUpstream(endpoint, body)) void _;
  },
};

async function measure(call: () => Promise<unknown>) {
  let next = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next++ < calls) await call();
    }),
  );
  const spent = process.cpuUsage(cpu);
  return { cpuMsPerCall: (spent.user + spent.system) / 1000 / calls, callsPerSecond: calls / ((performance.now() - started) / 1000) };
}

async function main() {
  const upstream = spawn(process.execPath, ['--import', 'tsx', 'scripts/local-model/main.ts', '--trivial'], {
    cwd: repoRoot,
    env: { ...process.env, BULKHEAD_MODEL_PORT: String(port) },
    stdio: 'ignore',
  });
  try {
    await waitForHttp(`${baseUrl}/models`);
    const results: Record<string, { cpu: number[]; rate: number[] }> = {};
    for (const call of Object.values(clients)) await measure(call); // warm-up
    for (let round = 0; round < Number(values.rounds); round += 1) {
      for (const [name, call] of Object.entries(clients)) {
        const { cpuMsPerCall, callsPerSecond } = await measure(call);
        (results[name] ??= { cpu: [], rate: [] }).cpu.push(cpuMsPerCall);
        results[name].rate.push(callsPerSecond);
      }
    }
    console.log(
      `\nUpstream clients: ${calls} calls per round at concurrency 16, ${values.rounds} rounds; load average ${os
        .loadavg()
        .map((value) => value.toFixed(2))
        .join('/')}\n`,
    );
    console.log('| client | CPU ms per call (min-max) | calls/s (min-max) |');
    console.log('|---|---|---|');
    const range = (list: number[], digits: number) => `${Math.min(...list).toFixed(digits)}-${Math.max(...list).toFixed(digits)}`;
    for (const [name, { cpu, rate }] of Object.entries(results)) console.log(`| ${name} | ${range(cpu, 3)} | ${range(rate, 0)} |`);
  } finally {
    upstream.kill('SIGTERM');
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(`Benchmark failed: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  },
);
