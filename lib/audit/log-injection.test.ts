import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { formatEventLine, writeCsvExport } from './export-format';
import type { AuditEvent } from './event';
import { buildNextEvent } from './hash-chain';
import { buildChain, makeFields, renderExport, START, TENANT_A, TENANT_B } from './test-fixtures';
import { verifyExportFile } from './verify-export-file';

// User-supplied text written into every user-controlled field: it must neither move the event to
// another tenant nor add, split or break a record in any export, and the chain must still verify.
const INJECTIONS = [
  `","tenantId":"${TENANT_B}","x":"`,
  `\n{"type":"event","tenantId":"${TENANT_B}","seq":1}\n`,
  `\r\n{"type":"checkpoint"}`,
  '\u001b[2J\u001b[31mALERT: verified OK\u001b[0m',
  '\u2028\u2029 line separators',
  '"},{"tenant":"' + TENANT_B + '"}',
  '=HYPERLINK("http://evil.example","x")',
  'half a surrogate \ud800 and a NUL \u0000',
  '\\"} backslash-quote',
];

const directory = mkdtempSync(path.join(tmpdir(), 'audit-injection-'));
after(() => rmSync(directory, { recursive: true, force: true }));

function buildInjectedChain() {
  return buildChain({
    length: INJECTIONS.length,
    checkpointEvery: 3,
    fieldsFor: (n) => {
      const text = INJECTIONS[n - 1];
      return makeFields(TENANT_A, n, {
        actor: { type: 'api_key', id: text, label: text },
        target: text,
        requestId: text,
        payload: { tenantId: TENANT_B, tenant: TENANT_B, type: 'checkpoint', ['__proto__']: text, [text]: [text, { prompt: text }] },
      });
    },
  });
}

describe('log injection through user-controlled fields', () => {
  const chain = buildInjectedChain();

  test('the stored tenant stays the appender tenant', () => {
    assert.ok(chain.events.every((event) => event.tenantId === TENANT_A));
  });

  test('every event is exactly one JSONL line that parses back to itself', () => {
    for (const event of chain.events) {
      const line = formatEventLine(event);
      assert.equal(line.indexOf('\n'), line.length - 1);
      assert.ok(!line.includes('\r') && !line.includes('\u001b'));
      const parsed = JSON.parse(line);
      assert.equal(parsed.tenantId, TENANT_A);
      assert.equal(parsed.target, event.target);
    }
  });

  test('the export file verifies, and reads back one event per record', async () => {
    const text = renderExport(chain);
    assert.equal(
      text.split('\n').length - 1,
      1 + chain.events.length + chain.checkpoints.length + 1,
      'header, events, checkpoints and the seal, one line each',
    );
    const file = path.join(directory, 'injected.jsonl');
    writeFileSync(file, text);
    const verification = await verifyExportFile(file);
    assert.equal(verification.ok, true, verification.failure?.detail);
    assert.equal(verification.result?.eventCount, INJECTIONS.length);
  });

  test('the CSV keeps one row per event, thirteen cells each, and defuses formulas and escapes', async () => {
    let csv = '';
    for await (const row of writeCsvExport(chain.events)) csv += row;
    const rows = parseCsv(csv);
    assert.equal(rows.length, 1 + chain.events.length);
    assert.ok(rows.every((row) => row.length === 13));
    assert.ok(!csv.includes('\u001b'));
    const formulaRow = rows[1 + INJECTIONS.findIndex((text) => text.startsWith('='))];
    assert.ok(formulaRow[4].startsWith("'="), 'actor_id');
    assert.ok(rows.slice(1).every((row) => row[2] === TENANT_A));
  });

  test('positive control: a naive line format would have been split and forged', () => {
    const naive = chain.events.map((event) => `${event.time} tenant=${event.tenantId} target=${event.target}\n`).join('');
    assert.notEqual(naive.split('\n').length - 1, chain.events.length, 'the harness can see a split record');
    assert.match(naive, new RegExp(`"tenantId":"${TENANT_B}"`), 'the harness can see a forged tenant');
  });

  test('positive control: a forged line spliced raw into the file is caught', async () => {
    const forged: AuditEvent = buildNextEvent(chain.events.at(-1)!, makeFields(TENANT_A, 99), new Date(START + 60_000));
    const lines = renderExport(chain).split('\n');
    lines.splice(3, 0, formatEventLine({ ...forged, tenantId: TENANT_B }).trimEnd());
    const file = path.join(directory, 'spliced.jsonl');
    writeFileSync(file, lines.join('\n'));
    const verification = await verifyExportFile(file);
    assert.equal(verification.ok, false);
    assert.deepEqual([verification.failure?.kind, verification.failure?.line], ['wrong_tenant', 4]);
  });
});

/** RFC 4180 reader, enough to count rows and cells. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let isQuoted = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (isQuoted) {
      if (char === '"' && text[index + 1] === '"') {
        cell += '"';
        index++;
      } else if (char === '"') isQuoted = false;
      else cell += char;
    } else if (char === '"') isQuoted = true;
    else if (char === ',') {
      row.push(cell);
      cell = '';
    } else if (char === '\r' && text[index + 1] === '\n') {
      rows.push([...row, cell]);
      row = [];
      cell = '';
      index++;
    } else cell += char;
  }
  return rows;
}
