/** A JSON Schema as far as the simulator reads it. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  minItems?: number;
  anyOf?: JsonSchema[];
}

/**
 * A value that matches `schema`, built deterministically: strings are taken in order from
 * `strings` (then the property's name), numbers are their minimum or 0, booleans false, arrays
 * their minimum length, objects every property (strict schemas require them all). Enough of
 * JSON Schema for function parameters and structured outputs; `$ref` and `oneOf` are not followed.
 */
export function createValueFromSchema(schema: JsonSchema | undefined, strings: string[], name = 'value'): unknown {
  if (!schema) return strings.shift() ?? name;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.length) return schema.enum[0];
  if (schema.anyOf?.length) return createValueFromSchema(schema.anyOf[0], strings, name);
  const type = Array.isArray(schema.type) ? schema.type.find((entry) => entry !== 'null') : schema.type;
  switch (type ?? (schema.properties ? 'object' : 'string')) {
    case 'object':
      return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([key, property]) => [key, createValueFromSchema(property, strings, key)]));
    case 'array':
      return Array.from({ length: schema.minItems ?? 1 }, () => createValueFromSchema(schema.items, strings, name));
    case 'integer':
    case 'number':
      return schema.minimum ?? 0;
    case 'boolean':
      return false;
    case 'null':
      return null;
    default:
      return strings.shift() ?? name;
  }
}

/** Quoted strings in a text, in order ("x", 'x' or “x”): the values a user spelled out. */
export function findQuotedStrings(text: string): string[] {
  return [...text.matchAll(/"([^"\n]+)"|'([^'\n]+)'|“([^”\n]+)”/g)].map((match) => match[1] ?? match[2] ?? match[3]);
}
