import 'server-only';
import pg from 'pg';

/**
 * A statement whose values are written into its text as escaped literals. The simple query
 * protocol, the only one that carries several statements in one round trip, binds no parameters;
 * the hot path uses it to send BEGIN, the tenant setting, a read and COMMIT together
 * (lib/placement/read-tenant-data.ts). Only the template's own text is SQL; every interpolated
 * value goes through pg's escapeLiteral or is checked to be a finite number.
 */
export interface InlineSql {
  readonly text: string;
}

export type InlineValue = string | number | null | readonly string[] | InlineSql;

export function inlineSql(strings: TemplateStringsArray, ...values: InlineValue[]): InlineSql {
  return { text: strings.reduce((text, part, index) => text + part + (index < values.length ? toLiteral(values[index]) : ''), '') };
}

/** Nothing: for an optional clause. */
export const emptySql: InlineSql = { text: '' };

/** Fragments built with inlineSql, one after another with `separator` (SQL text of the caller's own) between them. */
export function joinSql(parts: readonly InlineSql[], separator: string): InlineSql {
  return { text: parts.map((part) => part.text).join(separator) };
}

function toLiteral(value: InlineValue): string {
  if (value === null) return 'NULL';
  if (typeof value === 'string') return pg.escapeLiteral(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('inlineSql: numbers must be finite');
    return String(value);
  }
  if (Array.isArray(value)) return value.length === 0 ? "'{}'::text[]" : `ARRAY[${value.map((item) => pg.escapeLiteral(String(item))).join(', ')}]::text[]`;
  if (typeof value === 'object' && value !== null && typeof (value as InlineSql).text === 'string') return (value as InlineSql).text;
  throw new TypeError('inlineSql: unsupported value');
}
