import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createLogger } from './logger';

function captureLines(log: (logger: ReturnType<typeof createLogger>) => void): Record<string, unknown>[] {
  const lines: string[] = [];
  log(createLogger({ write: (line: string) => void lines.push(line) }));
  return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('server log', () => {
  test('prompt, answer and secret fields are redacted at the top level and one object down', () => {
    const [line] = captureLines((logger) =>
      logger.error(
        {
          requestId: 'req-1',
          prompt: 'PROMPT-TEXT',
          requestText: 'REQUEST-TEXT',
          answerText: 'ANSWER-TEXT',
          apiKey: 'bh_live_SECRET',
          request: { messages: [{ role: 'user', content: 'NESTED-PROMPT' }], headers: { authorization: 'Bearer SECRET-2' } },
          upstream: { body: 'UPSTREAM-BODY', password: 'PASSWORD' },
          tenantId: 'tenant-1',
        },
        'gateway request failed',
      ),
    );
    const text = JSON.stringify(line);
    for (const secret of ['PROMPT-TEXT', 'REQUEST-TEXT', 'ANSWER-TEXT', 'bh_live_SECRET', 'NESTED-PROMPT', 'SECRET-2', 'UPSTREAM-BODY', 'PASSWORD'])
      assert.ok(!text.includes(secret), `logged: ${secret}`);
    // Positive control: the facts around them are kept, and redaction left a visible mark.
    assert.equal(line.requestId, 'req-1');
    assert.equal(line.tenantId, 'tenant-1');
    assert.equal(line.prompt, '[redacted]');
    assert.equal(line.msg, 'gateway request failed');
    assert.equal(line.level, 'error');
  });

  test('an error keeps its name, message and stack', () => {
    const [line] = captureLines((logger) => logger.warn({ requestId: 'req-2', error: new TypeError('bad shape') }, 'failed'));
    const error = line.error as { type: string; message: string; stack: string };
    assert.equal(error.type, 'TypeError');
    assert.equal(error.message, 'bad shape');
    assert.match(error.stack, /TypeError: bad shape/);
  });
});
