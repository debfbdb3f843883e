import * as fc from 'fast-check';

/**
 * Values chosen to break parsers, validators, stores and loggers: prototype-named keys, unicode
 * edge cases (lone surrogates, combining marks that NFC grows, bidi and zero-width controls,
 * NUL), numbers at the edges of JSON and of JavaScript, and lengths at and just beyond a limit.
 */

/** Names that are members of Object.prototype, or special to parsers and mergers. */
export const prototypeNames = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__', 'isPrototypeOf', 'toJSON'] as const;

export const unicodeEdges = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800', // lone high surrogate
  '\udfff', // lone low surrogate
  '\ud83d\ude00', // 😀, a surrogate pair
  '\ufb2c', // grows from 3 to 6 UTF-8 bytes under NFC
  'e\u0301', // decomposed é
  '\u202e\u2066', // bidi overrides
  '\u200b\ufeff', // zero-width space, BOM
  '\ufffd',
  '\u{10ffff}',
  '\r\n\t',
  '../../etc/passwd',
  '%00%2e%2e%2f',
  '${jndi:ldap://x}',
  "' OR 1=1 --",
  '<script>alert(1)</script>',
  'Nguyễn Thị Minh Khai',
] as const;

export const edgeNumbers = [0, -0, -1, 1, 0.5, 1e-7, 2 ** 31, 2 ** 53 - 1, 2 ** 53 + 2, -(2 ** 53), 1e308, Number.MAX_VALUE] as const;

/** A string of exactly `length` characters built from one repeated unit (ASCII or multi-byte). */
export const stringOfLength = (length: number) =>
  fc.constantFrom('a', '9', 'ấ', '\ufb2c', '😀').map((unit) => {
    const units = unit.length; // 2 for the surrogate pair
    return unit.repeat(Math.ceil(length / units)).slice(0, Math.max(0, length - (length % units))) + (length % units ? 'a' : '');
  });

/**
 * How big the big inputs get. `heavy` (long runs) goes to sizes that take the twin seconds to
 * answer; `light` (the run inside `npm test`) stays at sizes that still cross every declared
 * limit but answer in milliseconds.
 */
export type Weight = 'light' | 'heavy';

/** Lengths around a declared limit: at it, one beyond, and far beyond. */
export const lengthsAround = (max: number, weight: Weight) =>
  fc.constantFrom(max, max + 1, max * 2 + 7, Math.min(max * 50, weight === 'heavy' ? 300_000 : 20_000));

export const hostileString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...unicodeEdges) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 5000 }).chain(stringOfLength) },
  { weight: 1, arbitrary: fc.constantFrom(...prototypeNames) },
);

/** Any JSON value of a wrong kind for wherever it lands. */
export const wrongTypeValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.constantFrom(...edgeNumbers),
  hostileString,
  fc.constant([]),
  fc.constant({}),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.constantFrom(...prototypeNames).map((name) => JSON.parse(`{"${name}": {"polluted": true}}`) as unknown),
);

/** A huge array (in items, not bytes: cheap to send, expensive to validate or to echo back). */
export const hugeArray = (weight: Weight) =>
  fc
    .record({ size: weight === 'heavy' ? fc.constantFrom(1_000, 10_000, 40_000) : fc.constantFrom(201, 1_000), item: fc.constantFrom<unknown>({}, '', 0, null, []) })
    .map(({ size, item }) => Array.from({ length: size }, () => item));

/**
 * Arrays nested `depth` deep. JSON.stringify recurses, so the value is a marker string that
 * `toJsonText` expands in the serialised text.
 */
export const deepNesting = (weight: Weight) => fc.constantFrom(...(weight === 'heavy' ? [64, 500, 5_000, 50_000] : [64, 500, 5_000])).map((depth) => `\u0000deep:${depth}\u0000`);

/** JSON text of a value, with deep-nesting markers expanded. */
export function toJsonText(value: unknown): string {
  return (JSON.stringify(value) ?? 'null').replace(/"\\u0000deep:(\d+)\\u0000"/g, (_, depth: string) => '['.repeat(Number(depth)) + ']'.repeat(Number(depth)));
}
