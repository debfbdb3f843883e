import * as fc from 'fast-check';
import type { Weight } from './hostile-values';
import { deepNesting, hugeArray, lengthsAround, prototypeNames, stringOfLength, unicodeEdges, wrongTypeValue } from './hostile-values';
import { canaries } from './fuzz-world';
import type { JsonPath, JsonSchema, SchemaContext } from './schema-arbitrary';
import { deleteAtPath, pathsOf, schemaAtPath, setAtPath } from './schema-arbitrary';

/** Schema-aware changes to a valid body: planted personal data, values at a limit, one mutation at one leaf. */

/** Replaces personal fields anywhere in a body with the canaries, so the log check can find them. */
export function plantCanaries(value: unknown, parent = ''): unknown {
  if (Array.isArray(value)) return value.map((item) => plantCanaries(item, parent));
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [name, item] of Object.entries(value)) {
    let planted = plantCanaries(item, name);
    if (typeof item === 'string') {
      if (name === 'personalId' || (name === 'number' && parent === 'identifiers')) planted = canaries.personalId;
      else if (name === 'legacyId') planted = canaries.legacyId;
      else if (name === 'fullName' || (name === 'name' && (parent === 'applicant' || parent === 'payer'))) planted = canaries.fullName;
      else if (name === 'dateOfBirth') planted = canaries.dateOfBirth;
      else if (name === 'phone' || name === 'SoDienThoai') planted = canaries.phone;
      else if (name === 'HoTenNguoiNop' || name === 'ChuHoSo') planted = canaries.fullName;
      else if (name === 'SoCMND' || name === 'SoGiayToChuHoSo') planted = canaries.personalId;
    }
    Object.defineProperty(out, name, { value: planted, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** A value exactly at a declared limit (length or pattern) of one leaf: every later stage must take it. */
export function atLimitOf(body: unknown, schema: JsonSchema | undefined, context: SchemaContext): fc.Arbitrary<{ body: unknown; mutation: string }> | undefined {
  const limited = pathsOf(body).flatMap((path) => {
    const leaf = schemaAtPath(schema, path, context);
    return leaf && (typeof leaf.maxLength === 'number' || typeof leaf.pattern === 'string') && typeof getAt(body, path) === 'string' ? [{ path, leaf }] : [];
  });
  if (!limited.length) return undefined;
  return fc.constantFrom(...limited).chain(({ path, leaf }) => {
    const max: number = typeof leaf.maxLength === 'number' ? leaf.maxLength : patternMaxLength(leaf.pattern);
    // The pattern's own alphabet at its repeat limit, '+'-prefixed as a phone may be (a 21-character phone).
    const candidates = [`+${'9'.repeat(max)}`, `+84 ${'9'.repeat(Math.max(max - 3, 1))}`, 'a'.repeat(max), 'ấ'.repeat(max)];
    return fc.constantFrom(...candidates).map((value) => ({ body: setAtPath(body, path, value), mutation: `at the limit (${max}) at /${path.join('/')}` }));
  });
}

/** One mutation at one place of a valid body, aimed at that place's declared limits. */
export function mutated(body: unknown, schema: JsonSchema | undefined, context: SchemaContext, weight: Weight): fc.Arbitrary<{ body: unknown; mutation: string }> {
  const paths = pathsOf(body);
  const atLimit = atLimitOf(body, schema, context);
  return fc.record({ path: fc.constantFrom(...paths), pick: fc.nat(), choice: fc.nat({ max: 10 }) }).chain(({ path, choice }) => {
    if (choice === 10 && atLimit) return atLimit;
    const leaf = schemaAtPath(schema, path, context);
    const where = `/${path.join('/')}`;
    const replaceWith = (label: string, arbitrary: fc.Arbitrary<unknown>) => arbitrary.map((value) => ({ body: setAtPath(body, path, value), mutation: `${label} at ${where}` }));
    switch (choice) {
      case 0:
        return replaceWith('wrong type', wrongTypeValue);
      case 1:
      case 2: {
        const max = typeof leaf?.maxLength === 'number' ? leaf.maxLength : typeof leaf?.pattern === 'string' ? patternMaxLength(leaf.pattern) : 1_000;
        const lengths = lengthsAround(max, weight).chain((length) => replaceWith(`length ${length} (max ${max})`, stringOfLength(length)));
        if (typeof leaf?.pattern !== 'string') return lengths;
        // A pattern's own alphabet at its length limit, with an optional '+' in front (a phone of 21 characters).
        return fc.oneof(lengths, replaceWith(`pattern at its limit ${max}`, fc.constantFrom(`+${'9'.repeat(max)}`, '9'.repeat(max), `+84 ${'9'.repeat(Math.max(max - 3, 1))}`)));
      }
      case 3:
        return replaceWith('unicode edge', fc.constantFrom(...unicodeEdges));
      case 4:
        return replaceWith('huge array', hugeArray(weight));
      case 5:
        return replaceWith('deep nesting', deepNesting(weight));
      case 6:
        return fc.constantFrom(...prototypeNames).map((name) => {
          const target = path.length && typeof getAt(body, path) === 'object' ? path : [];
          return { body: setAtPath(body, [...target, name], { polluted: true }), mutation: `prototype key ${name} at /${target.join('/')}` };
        });
      case 7:
        return fc.constant({ body: deleteAtPath(body, path), mutation: `deleted ${where}` });
      case 8: {
        const max = typeof leaf?.maximum === 'number' ? leaf.maximum : 2 ** 53;
        return replaceWith(`number edge (max ${max})`, fc.constantFrom(max, max + 1, -1, 0, 0.5, 1e21, -(2 ** 63)));
      }
      default:
        return fc.constant({ body, mutation: 'none (valid)' });
    }
  });
}

/** The largest repeat count in a pattern (`{6,20}` → 20): the length limit a pattern implies. */
function patternMaxLength(pattern: string): number {
  const counts = [...pattern.matchAll(/\{(?:\d+,)?(\d+)\}/g)].map((m) => Number(m[1]));
  return counts.length ? Math.max(...counts) : 64;
}

function getAt(value: unknown, path: JsonPath): unknown {
  return path.reduce<any>((node, part) => node?.[part], value);
}
