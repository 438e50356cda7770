/**
 * fast-check arbitraries from the zod schemas the routes validate with: `validish` gives values
 * that satisfy a schema's structure (types, lengths, patterns, ranges), `invalid` gives values the
 * schema — or the intent behind it — must refuse, each labelled with the kind of attack.
 * Only the schema kinds this project uses are covered; anything else falls back to JSON values.
 */
import fc from 'fast-check';
import type { z } from 'zod';

/** A zod schema's internal definition (zod 4's `_zod.def`), as far as this converter reads it. */
interface Def {
  type: string;
  checks?: { _zod: { def: CheckDef } }[];
  innerType?: z.ZodType;
  in?: z.ZodType;
  element?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  entries?: Record<string, string | number>;
  values?: unknown[];
  options?: z.ZodType[];
  coerce?: boolean;
}
interface CheckDef {
  check: string;
  minimum?: number;
  maximum?: number;
  length?: number;
  value?: number;
  inclusive?: boolean;
  format?: string;
  pattern?: RegExp;
}

export const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;
const checksOf = (s: z.ZodType): CheckDef[] => (defOf(s).checks ?? []).map((c) => c._zod.def);

/** Strips optional/default/nullable/pipe wrappers: the schema that checks the value itself. */
export function core(s: z.ZodType): z.ZodType {
  const d = defOf(s);
  if (['optional', 'default', 'nullable', 'prefault', 'readonly', 'catch'].includes(d.type))
    return core(d.innerType!);
  if (d.type === 'pipe' && d.in && defOf(d.in).type !== 'transform') return core(d.in);
  return s;
}

/** Whether an object key may be left out (optional or defaulted). */
export const omittable = (s: z.ZodType) => ['optional', 'default', 'prefault'].includes(defOf(s).type);

/** Facts about a string schema that the generators and corruptions need. */
export function stringFacts(s: z.ZodType) {
  const checks = checksOf(core(s));
  const num = (name: string, field: 'minimum' | 'maximum' | 'length') =>
    checks.find((c) => c.check === name)?.[field];
  const exact = num('length_equals', 'length');
  return {
    min: exact ?? num('min_length', 'minimum') ?? 0,
    max: exact ?? num('max_length', 'maximum'),
    pattern: checks.find((c) => c.check === 'string_format' && c.pattern)?.pattern,
    format: checks.find((c) => c.check === 'string_format' && !c.pattern)?.format,
    trimmed: checks.some((c) => c.check === 'overwrite'),
    refined: checks.some((c) => c.check === 'custom'),
  };
}

/** Extra knowledge by object key, for strings whose meaning zod cannot express (a date, a BPMN). */
export type Hints = (key: string, schema: z.ZodType) => fc.Arbitrary<unknown> | undefined;

const jsonValue = fc.jsonValue({ maxDepth: 2 });

/** Values that satisfy the schema's structure; refinements only through `hints`. */
export function validish(schema: z.ZodType, hints: Hints, key = ''): fc.Arbitrary<unknown> {
  const hinted = hints(key, schema);
  if (hinted) return hinted;
  const s = core(schema);
  const d = defOf(s);
  switch (d.type) {
    case 'string': {
      const f = stringFacts(s);
      if (f.pattern) {
        const src = f.pattern.source;
        return fc
          .stringMatching(f.pattern)
          .filter((v) => v.length >= f.min && (f.max === undefined || v.length <= f.max))
          .map((v) => (src.startsWith('^') ? v : v.trim()));
      }
      if (f.format === 'datetime') return fc.date({ noInvalidDate: true }).map((v) => v.toISOString());
      const min = Math.max(f.min, f.trimmed ? 1 : 0);
      return fc
        .string({ unit: 'grapheme', minLength: min, maxLength: Math.min(f.max ?? 40, min + 40) })
        .map((v) => (f.trimmed ? v.replace(/^\s+|\s+$/g, '') : v))
        .filter((v) => v.length >= min)
        .map((v) => (f.trimmed ? `项目${v}`.slice(0, f.max ?? 1e9) : v));
    }
    case 'number': {
      const checks = checksOf(s);
      const lo = checks.find((c) => c.check === 'greater_than')?.value ?? -1e6;
      const hi = checks.find((c) => c.check === 'less_than')?.value ?? 1e6;
      const int = checks.some((c) => c.check === 'number_format');
      const n = int
        ? fc.integer({ min: Math.ceil(lo), max: Math.floor(hi) })
        : fc.double({ min: lo, max: hi, noNaN: true });
      return d.coerce ? n.map(String) : n;
    }
    case 'boolean':
      return fc.boolean();
    case 'enum':
      return fc.constantFrom(...Object.values(d.entries!));
    case 'literal':
      return fc.constantFrom(...d.values!);
    case 'array': {
      const max = checksOf(s).find((c) => c.check === 'max_length')?.maximum ?? 5;
      const min = checksOf(s).find((c) => c.check === 'min_length')?.minimum ?? 0;
      return fc.array(validish(d.element!, hints, key), {
        minLength: min,
        maxLength: Math.min(max, min + 4),
      });
    }
    case 'object': {
      const entries = Object.entries(d.shape!);
      const required = Object.fromEntries(
        entries.filter(([, v]) => !omittable(v)).map(([k, v]) => [k, validish(v, hints, k)]),
      );
      const optional = entries.filter(([, v]) => omittable(v));
      return fc.record(
        {
          ...required,
          ...Object.fromEntries(optional.map(([k, v]) => [k, validish(v, hints, k)])),
        },
        { requiredKeys: Object.keys(required) },
      );
    }
    case 'union':
      return fc.oneof(...d.options!.map((o) => validish(o, hints, key)));
    default:
      return jsonValue;
  }
}

/** An invalid value and the kind of attack it is. `intent`: refused by the rules, even where a schema still lets it through. */
export interface Invalid {
  kind: string;
  value: unknown;
  intent?: boolean;
}

/** A JSON number literal that no JavaScript value serialises to (e.g. `1e400`), spliced in as is. */
export class RawJson {
  constructor(readonly text: string) {}
}

/** Serialises a value to JSON text, splicing `RawJson` literals in. */
export function toJsonText(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_k, v: unknown) => {
    if (v instanceof RawJson) {
      raws.push(v.text);
      return `\u0000raw${raws.length - 1}\u0000`;
    }
    return v;
  });
  return (text ?? 'null').replace(/"\\u0000raw(\d+)\\u0000"/g, (_m, i: string) => raws[Number(i)]!);
}

/** `{"k": <a privilege-shaped object>, ...rest}`: the key first, as JSON text. */
function withKeyFirst(objectText: string, key: string): string {
  const rest = objectText === '{}' ? '}' : `,${objectText.slice(1)}`;
  return `{${JSON.stringify(key)}:{"roles":["administrator"],"polluted":true}${rest}`;
}

/** Characters nobody sees: zero-width, bidirectional overrides, controls, and blank look-alikes. */
export const INVISIBLE = [
  '\u200b',
  '\u200c',
  '\u200d',
  '\u2060',
  '\ufeff',
  '\u202e',
  '\u202d',
  '\u2066',
  '\u2069',
  '\u0000',
  '\u0007',
  '\u001b',
  '\u3000',
  '\u00a0',
  '\u180e',
];
const invisibleText = (min: number) =>
  fc
    .array(fc.constantFrom(...INVISIBLE), { minLength: Math.max(min, 4), maxLength: Math.max(min, 4) + 12 })
    .map((cs) => cs.join(''));

/** Dates a YYYY-MM-DD pattern lets through but no calendar has. */
export const IMPOSSIBLE_DATES = [
  '2025-02-30',
  '2020-00-00',
  '2023-02-29',
  '2026-13-01',
  '2026-04-31',
  '2026-06-00',
];

/** Fragments that make a patterned string wrong while looking almost right. */
const SPOILERS = [' ', '\u200b', '!', '../', '%00', '\u0000', 'Ａ', "' OR '1'='1", '<script>', '\u202e'];

const typeConfusion = (type: string): fc.Arbitrary<Invalid> =>
  fc
    .constantFrom<[string, unknown]>(
      ['number', 42],
      ['float', 3.5],
      ['boolean', true],
      ['null', null],
      ['array', ['x']],
      ['object', { $gt: '' }],
      ['string', 'true'],
      ['huge-number', new RawJson('1e400')],
      ['negative-zero', new RawJson('-0')],
    )
    .filter(
      ([t]) => t !== type && !(type === 'number' && ['float', 'huge-number', 'negative-zero'].includes(t)),
    )
    .map(([t, value]) => ({ kind: `type-confusion(${t})`, value }));

const typeName: Record<string, string> = {
  string: 'string',
  number: 'number',
  boolean: 'boolean',
  array: 'array',
  object: 'object',
  enum: 'string',
};

/**
 * Values the schema (for `intent` kinds: the rules behind it) must refuse. `hints` supply valid
 * neighbours for the fields of objects; `dateLike` marks strings that are calendar dates.
 */
export function invalid(schema: z.ZodType, hints: Hints, key = '', dateLike = false): fc.Arbitrary<Invalid> {
  const s = core(schema);
  const d = defOf(s);
  const options: fc.Arbitrary<Invalid>[] = [];
  const coerced = d.coerce === true;
  if (!coerced) options.push(typeConfusion(typeName[d.type] ?? d.type));
  switch (d.type) {
    case 'string': {
      const f = stringFacts(s);
      if (f.max !== undefined) {
        options.push(
          fc
            .oneof(
              fc.constant(f.max + 1),
              fc.integer({ min: f.max + 2, max: f.max + 64 }),
              fc.constant(100_000),
            )
            .map((n) => ({ kind: 'too-long', value: '长'.repeat(n) })),
        );
      }
      if (f.min > 0) options.push(fc.constant({ kind: 'empty', value: '' }));
      if (f.pattern) {
        options.push(
          fc
            .tuple(validish(s, hints, key), fc.constantFrom(...SPOILERS), fc.boolean())
            .map(([v, x, front]) => ({
              kind: 'pattern-mismatch',
              value: front ? `${x}${String(v)}` : `${String(v)}${x}`,
            })),
        );
      }
      if (f.trimmed && f.min > 0) {
        options.push(invisibleText(f.min).map((value) => ({ kind: 'invisible-text', value, intent: true })));
      }
      if (dateLike) {
        options.push(
          fc
            .constantFrom(...IMPOSSIBLE_DATES)
            .map((value) => ({ kind: 'impossible-date', value, intent: true })),
        );
      }
      break;
    }
    case 'number': {
      const checks = checksOf(s);
      const lo = checks.find((c) => c.check === 'greater_than')?.value;
      const hi = checks.find((c) => c.check === 'less_than')?.value;
      const wrap = (n: number | string) => (coerced ? String(n) : n);
      if (lo !== undefined)
        options.push(
          fc.integer({ min: -1e9, max: lo - 1 }).map((n) => ({ kind: 'below-minimum', value: wrap(n) })),
        );
      if (hi !== undefined)
        options.push(
          fc.integer({ min: hi + 1, max: 1e12 }).map((n) => ({ kind: 'above-maximum', value: wrap(n) })),
        );
      if (checks.some((c) => c.check === 'number_format'))
        options.push(fc.constant({ kind: 'not-an-integer', value: wrap(`${lo ?? 1}.5`) }));
      if (coerced)
        options.push(
          fc
            .constantFrom('abc', '1e400', 'NaN', 'Infinity', '', '１２', '9'.repeat(400))
            .map((value) => ({ kind: 'not-a-number', value })),
        );
      break;
    }
    case 'enum': {
      const values = Object.values(d.entries!).map(String);
      options.push(
        fc
          .tuple(
            fc.constantFrom(...values),
            fc.constantFrom('upper', 'space', 'zero-width', 'full-width', 'other'),
          )
          .map(([v, how]) => ({
            kind: `enum-look-alike(${how})`,
            value:
              how === 'upper'
                ? v.toUpperCase()
                : how === 'space'
                  ? `${v} `
                  : how === 'zero-width'
                    ? `${v}\u200b`
                    : how === 'full-width'
                      ? v.replace(/[a-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))
                      : `${v}-x`,
          }))
          .filter((i) => !values.includes(i.value as string)),
      );
      break;
    }
    case 'array': {
      const max = checksOf(s).find((c) => c.check === 'max_length')?.maximum;
      if (max !== undefined) {
        options.push(
          validish(d.element!, hints, key).map((v) => ({
            kind: 'too-many-items',
            value: Array.from({ length: max + 1 }, () => v),
          })),
        );
      }
      options.push(
        fc
          .tuple(
            fc.array(validish(d.element!, hints, key), { maxLength: 3 }),
            invalid(d.element!, hints, key, dateLike),
            fc.nat(),
          )
          .map(([items, bad, at]) => {
            const copy = [...items];
            copy.splice(at % (copy.length + 1), 0, bad.value);
            return { kind: `item:${bad.kind}`, value: copy, intent: bad.intent };
          }),
      );
      break;
    }
    case 'object': {
      const shape = d.shape!;
      const keys = Object.keys(shape);
      const base = validish(s, hints, key) as fc.Arbitrary<Record<string, unknown>>;
      const required = keys.filter((k) => !omittable(shape[k]!));
      if (required.length > 0) {
        options.push(
          fc.tuple(base, fc.constantFrom(...required)).map(([v, k]) => {
            const copy = { ...v };
            delete copy[k];
            return { kind: `missing(${k})`, value: copy };
          }),
        );
      }
      if (defOf(d.catchall ?? ({ _zod: { def: { type: 'none' } } } as never)).type === 'never') {
        options.push(
          fc
            .tuple(
              base,
              fc.constantFrom(
                '__proto__',
                'constructor',
                'prototype',
                'isAdmin',
                'roles',
                'status',
                '$where',
              ),
            )
            .map(([v, k]) => ({
              kind: `unknown-key(${k})`,
              // JSON.parse makes __proto__ an own key, as it would be on the server
              value: JSON.parse(withKeyFirst(toJsonText(v), k)),
            })),
        );
      }
      for (const k of keys) {
        const dateField = /date|from$|until$/i.test(k);
        options.push(
          fc.tuple(base, invalid(shape[k]!, hints, k, dateField)).map(([v, bad]) => ({
            kind: `${k}:${bad.kind}`,
            value: { ...v, [k]: bad.value },
            intent: bad.intent,
          })),
        );
      }
      break;
    }
  }
  return fc.oneof(...options);
}
