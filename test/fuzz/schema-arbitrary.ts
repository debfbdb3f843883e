import * as fc from 'fast-check';

/**
 * fast-check arbitraries from the JSON Schemas in /openapi.json: valid-ish values (what a careful
 * client would send), and the schema of any leaf so a mutation can aim at its declared limits.
 * Covers what zod-openapi emits for the contracts: $ref, object, array, string (enum, pattern,
 * lengths, date-time), integer, number, boolean, const, anyOf/oneOf/allOf, nullable types.
 */
export type JsonSchema = Record<string, any>;

export interface SchemaContext {
  /** The whole OpenAPI document, for `#/components/...` references. */
  readonly document: JsonSchema;
}

export function resolve(schema: JsonSchema | undefined, context: SchemaContext): JsonSchema {
  let current = schema ?? {};
  for (let hops = 0; current.$ref && hops < 20; hops++) {
    const target = (current.$ref as string)
      .replace(/^#\//, '')
      .split('/')
      .reduce<any>((node, part) => node?.[part.replace(/~1/g, '/').replace(/~0/g, '~')], context.document);
    const { $ref: _ignored, ...rest } = current;
    current = { ...target, ...rest };
  }
  return current;
}

const isoInstant = fc
  .tuple(fc.integer({ min: 946_684_800, max: 2_208_988_800 }), fc.constantFrom('Z', '+07:00', '-05:00'))
  .map(([seconds, offset]) => new Date(seconds * 1000).toISOString().slice(0, 19) + offset);

function stringArbitrary(schema: JsonSchema): fc.Arbitrary<string> {
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as string[]));
  if (schema.format === 'date-time') return isoInstant;
  if (schema.format === 'uri') return fc.webUrl({ validSchemes: ['https'] }).filter((url) => url.length <= (schema.maxLength ?? 1000));
  if (schema.format === 'date') return isoInstant.map((instant) => instant.slice(0, 10));
  const minLength: number = schema.minLength ?? 0;
  const maxLength: number = Math.min(schema.maxLength ?? 40, minLength + 40);
  if (typeof schema.pattern === 'string') {
    try {
      return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length >= minLength && s.length <= (schema.maxLength ?? Infinity));
    } catch {
      // A pattern fast-check cannot invert falls back to plain text.
    }
  }
  return fc.string({ minLength, maxLength, unit: fc.constantFrom(...'abcdđeêghiklmnoôơpqrstuưvxyáàảãạ 0123456789-') }).map((s) =>
    s.trim().length < minLength ? 'x'.repeat(Math.max(minLength, 1)) : s,
  );
}

export function arbitraryFromSchema(input: JsonSchema | undefined, context: SchemaContext, depth = 0): fc.Arbitrary<unknown> {
  const schema = resolve(input, context);
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  const alternatives = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (alternatives?.length) return fc.oneof(...alternatives.map((alternative) => arbitraryFromSchema(alternative, context, depth + 1)));
  if (Array.isArray(schema.allOf) && schema.allOf.length) return arbitraryFromSchema(Object.assign({}, ...schema.allOf.map((s: JsonSchema) => resolve(s, context))), context, depth + 1);
  const type = Array.isArray(schema.type) ? (schema.type as string[]).find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'string':
      return stringArbitrary(schema);
    case 'integer':
      return fc.integer({ min: Math.max(schema.minimum ?? 0, -1e9), max: Math.min(schema.maximum ?? 1e6, 1e9) });
    case 'number':
      return fc.double({ min: schema.minimum ?? 0, max: schema.maximum ?? 1e6, noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'array': {
      const minLength: number = schema.minItems ?? 0;
      if (depth > 6) return fc.constant([]);
      return fc.array(arbitraryFromSchema(schema.items, context, depth + 1), { minLength, maxLength: Math.min(schema.maxItems ?? 3, minLength + 3) });
    }
    case 'object':
    case undefined: {
      const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
      const required = new Set<string>(schema.required ?? []);
      if (Object.keys(properties).length === 0) return fc.constant({});
      const record = Object.fromEntries(Object.entries(properties).map(([name, property]) => [name, arbitraryFromSchema(property, context, depth + 1)]));
      const optional = Object.keys(properties).filter((name) => !required.has(name));
      return fc.record(record, { requiredKeys: [...required].filter((name) => name in properties) }).map((value) => {
        // Deep optional members only sometimes: keeps bodies small and closer to real ones.
        if (depth > 2) for (const name of optional) delete (value as Record<string, unknown>)[name];
        return value;
      }) as fc.Arbitrary<unknown>;
    }
    default:
      return fc.constant(null);
  }
}

export type JsonPath = ReadonlyArray<string | number>;

/** Every path into a JSON value (objects' members and arrays' items), the root included. */
export function pathsOf(value: unknown, prefix: JsonPath = [], out: JsonPath[] = []): JsonPath[] {
  out.push(prefix);
  if (out.length > 2_000) return out;
  if (Array.isArray(value)) value.slice(0, 20).forEach((item, index) => pathsOf(item, [...prefix, index], out));
  else if (value && typeof value === 'object') for (const [name, item] of Object.entries(value)) pathsOf(item, [...prefix, name], out);
  return out;
}

/** The schema a path lands on (first matching alternative), or undefined past the schema's end. */
export function schemaAtPath(root: JsonSchema | undefined, path: JsonPath, context: SchemaContext): JsonSchema | undefined {
  let schema: JsonSchema | undefined = root && resolve(root, context);
  for (const part of path) {
    if (!schema) return undefined;
    const alternatives = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
    if (alternatives) schema = resolve(alternatives.find((alt) => resolve(alt, context).properties || resolve(alt, context).items) ?? alternatives[0], context);
    schema = typeof part === 'number' ? schema.items && resolve(schema.items, context) : schema.properties?.[part] && resolve(schema.properties[part], context);
  }
  return schema;
}

/** A deep copy with `replacement` at `path` (the root when the path is empty). */
export function setAtPath(value: unknown, path: JsonPath, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const copy: any = Array.isArray(value) ? [...value] : { ...(value as object) };
  const [head, ...rest] = path;
  // defineProperty: `copy['__proto__'] = …` would set the prototype, not a member.
  Object.defineProperty(copy, head as PropertyKey, { value: setAtPath(copy[head as any], rest, replacement), enumerable: true, writable: true, configurable: true });
  return copy;
}

export function deleteAtPath(value: unknown, path: JsonPath): unknown {
  if (path.length === 0) return value;
  const copy: any = Array.isArray(value) ? [...value] : { ...(value as object) };
  const [head, ...rest] = path;
  if (rest.length === 0) {
    if (Array.isArray(copy)) copy.splice(head as number, 1);
    else delete copy[head as string];
    return copy;
  }
  copy[head as any] = deleteAtPath(copy[head as any], rest);
  return copy;
}
