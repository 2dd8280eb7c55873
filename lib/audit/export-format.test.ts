import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { escapeCsvCell, ExportFormatError, formatCheckpointLine, formatEventLine, parseExportLine, writeCsvExport } from './export-format';
import { readExportFile } from './read-export-file';
import { buildChain, renderExport } from './test-fixtures';

const chain = buildChain({ length: 12, checkpointEvery: 5 });
const directory = mkdtempSync(path.join(tmpdir(), 'audit-export-'));
after(() => rmSync(directory, { recursive: true, force: true }));

function writeFile(name: string, text: string | Buffer): string {
  const file = path.join(directory, name);
  writeFileSync(file, text);
  return file;
}

describe('parseExportLine', () => {
  test('reads back exactly what the writers wrote', () => {
    const event = chain.events[3];
    assert.deepEqual(parseExportLine(formatEventLine(event).trimEnd(), 2), { type: 'event', event });
    const checkpoint = chain.checkpoints[0];
    assert.deepEqual(parseExportLine(formatCheckpointLine(checkpoint).trimEnd(), 9), { type: 'checkpoint', checkpoint });
  });

  test('refuses malformed lines, naming the line and never quoting it', () => {
    const eventLine = JSON.parse(formatEventLine(chain.events[0]));
    const hostile = '\u001b[2Jrm -rf';
    const cases: [string, number, RegExp][] = [
      ['{not json', 4, /line 4: is not valid JSON/],
      ['[1,2]', 4, /not a JSON object/],
      ['', 4, /is empty/],
      [JSON.stringify({ ...eventLine, type: hostile }), 5, /neither an event, a checkpoint nor the seal/],
      [JSON.stringify({ ...eventLine, [hostile]: 'an unhashed field riding along' }), 6, /unexpected field/],
      [JSON.stringify({ ...eventLine, seq: '1' }), 7, /seq/],
      [JSON.stringify({ ...eventLine, hash: hostile }), 8, /hash/],
      [JSON.stringify({ format: 'bulkhead-audit-export', version: 1 }), 9, /neither an event/],
      [JSON.stringify(eventLine), 1, /not a Bulkhead audit export header/],
      [JSON.stringify({ format: 'bulkhead-audit-export', version: 1 }), 1, /version/],
      [JSON.stringify({ format: 'bulkhead-audit-export', version: 3 }), 1, /version/],
    ];
    for (const [text, line, message] of cases) {
      assert.throws(
        () => parseExportLine(text, line),
        (error: Error) => error instanceof ExportFormatError && message.test(error.message) && !error.message.includes(hostile),
        text,
      );
    }
  });
});

describe('readExportFile', () => {
  test('reads header, checkpoints and the events in order', async () => {
    const file = await readExportFile(writeFile('good.jsonl', renderExport(chain)));
    assert.equal(file.eventCount, 12);
    assert.deepEqual(file.checkpoints, chain.checkpoints);
    assert.deepEqual(file.checkpointLines, [14, 15]);
    const events = [];
    for await (const batch of file.readEventBatches()) events.push(...batch);
    assert.deepEqual(events, chain.events);
  });

  test('accepts CRLF line ends and a missing final newline', async () => {
    const text = renderExport(chain).trimEnd().replaceAll('\n', '\r\n');
    const file = await readExportFile(writeFile('crlf.jsonl', text));
    assert.equal(file.checkpoints.length, 2);
  });

  test('refuses a file out of layout, naming the line', async () => {
    const lines = renderExport(chain).trimEnd().split('\n');
    const cases: [string, string | Buffer, RegExp][] = [
      ['empty', '', /line 1: is missing/],
      ['event after checkpoints', [...lines.slice(0, -1), lines[3], lines.at(-1)].join('\n'), /line 16: is an event after the checkpoints/],
      ['line after the seal', [...lines, lines.at(-2)].join('\n'), /line 17: comes after the seal/],
      ['no seal', lines.slice(0, -1).join('\n'), /line 16: should be the seal, but the file ends before it/],
      ['blank line', [...lines.slice(0, 4), '', ...lines.slice(4)].join('\n'), /line 5: is empty/],
      ['header twice', [lines[0], lines[0], ...lines.slice(1)].join('\n'), /line 2: is neither/],
      [
        'bad UTF-8',
        Buffer.concat([Buffer.from(`${lines.slice(0, 3).join('\n')}\n{"type":"checkpoint","x":"`), Buffer.from([0xc3, 0x28]), Buffer.from('"}\n')]),
        /line 4: is not valid UTF-8/,
      ],
      ['too long', `${lines[0]}\n${'x'.repeat(1024 * 1024 + 10)}\n`, /line 2: is longer than the limit/],
    ];
    for (const [name, text, message] of cases) {
      await assert.rejects(readExportFile(writeFile(`${name}.jsonl`, text)), message, name);
    }
  });

  test('parses event lines in full on the second pass (a line only dressed as an event fails there)', async () => {
    const lines = renderExport(chain).trimEnd().split('\n');
    lines[3] = '{"type":"event", not json';
    const file = await readExportFile(writeFile('dressed.jsonl', lines.join('\n')));
    await assert.rejects(async () => {
      for await (const _batch of file.readEventBatches());
    }, /line 4: is not valid JSON/);
  });
});

describe('CSV', () => {
  test('defuses formula injection and control characters, and quotes every cell', () => {
    assert.equal(escapeCsvCell('=HYPERLINK("http://x")'), '"\'=HYPERLINK(""http://x"")"');
    for (const lead of ['+', '-', '@', '\t', '\r']) assert.ok(escapeCsvCell(`${lead}1`).startsWith(`"'${lead}`));
    assert.equal(escapeCsvCell('plain, text'), '"plain, text"');
    assert.equal(escapeCsvCell('\u001b[31mred'), '"\\u001b[31mred"');
    assert.equal(escapeCsvCell('two\nlines'), '"two\nlines"');
  });

  test('writes a header row and one row per event', async () => {
    const rows: string[] = [];
    for await (const row of writeCsvExport(chain.events)) rows.push(row);
    assert.equal(rows.length, 13);
    assert.ok(rows.every((row) => row.endsWith('\r\n')));
    assert.ok(rows[1].startsWith(`"1","${chain.events[0].time}","${chain.events[0].tenantId}"`));
  });
});
