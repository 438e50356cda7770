/**
 * Hostile requests for every operation of the OpenAPI document: malformed bodies derived from the
 * operation's zod schemas, broken paths, queries, headers, credentials, framing and multipart
 * uploads. Every request is one that must not change anything: its input is invalid (by the
 * schema, or by the rules where the schema is still too lenient), its credentials are not a valid
 * user's, or its user lacks the role.
 */
import fc from 'fast-check';
import type { z } from 'zod';
import { departments } from '../../../../db/seeds/organisations';
import { openApiDocument, operations, type Operation } from '../../../openapi/document';
import { creditCodeProblem } from '../../../units/domain/credit-code';
import {
  RawJson,
  core,
  defOf,
  invalid,
  toJsonText,
  validish,
  type Hints,
  type Invalid,
} from './zod-arbitrary';

/** The signed-in users the generator sends as (each an Authorization header value). */
export type UserLabel = 'admin' | 'applicant' | 'participant' | 'officer' | 'processOwner' | 'calendarAdmin';

export interface HostileContext {
  auth: Record<UserLabel, string>;
  /** roles of each user, to pick ones that lack an operation's role */
  roles: Record<UserLabel, string[]>;
  /** an account whose look-alikes are tried with its real password (a department applicant) */
  victim: { username: string; password: string };
  /** a project led by `applicant`'s department, with `participant`'s department participating */
  projectCode: string;
  /** the API's document size limit, to send one byte more */
  documentMaxBytes: number;
}

export interface HostileRequest {
  /** `METHOD /path/{template}` as in the OpenAPI document */
  operation: string;
  kind: string;
  method: string;
  /** the request-target exactly as sent, encoded or deliberately not */
  target: string;
  headers: [string, string][];
  body?: Buffer;
  /** `half-close`: send and then close our side; `abort`: drop the connection mid-body, expect no answer */
  ending?: 'complete' | 'half-close' | 'abort';
  /** who sends it: a user label, `none`, or the credential attack */
  as: string;
  /** failed logins are throttled per address: they come from another loopback address */
  from?: string;
}

/** Where credential attacks come from, so per-address throttling never blocks the signed-in users. */
export const ATTACKER_ADDRESS = '127.0.0.2';

const MINIMAL_BPMN = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="hostile-probe" isExecutable="true"><bpmn:startEvent id="start" /></bpmn:process>
</bpmn:definitions>`;
/** A diagram whose process id no registry column holds. */
const OVERLONG_ID_BPMN = MINIMAL_BPMN.replace('hostile-probe', `p${'x'.repeat(400)}`);

const isoDay = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const departmentCodes = departments.map((d) => d.code);

const creditCode = fc
  .array(fc.constantFrom(...'0123456789ABCDEFGHJKLMNPQRTUWXY'), { minLength: 17, maxLength: 17 })
  .map((cs) => {
    const prefix = cs.join('');
    const check = [...'0123456789ABCDEFGHJKLMNPQRTUWXY'].find((c) => !creditCodeProblem(prefix + c));
    return prefix + check!;
  });

/** Valid neighbours for fields whose meaning the schemas cannot express. */
function hintsFor(ctx: HostileContext): Hints {
  return (key, schema) => {
    const type = defOf(core(schema)).type;
    if (key === 'code') return fc.constantFrom(ctx.projectCode, 'ZZ-2099-0001');
    if (key === 'creditCode') return creditCode;
    if (key === 'content') return fc.constant(MINIMAL_BPMN);
    if (key === 'departmentCode' || key === 'department') return fc.constantFrom(...departmentCodes);
    if (key === 'participatingDepartments')
      return fc.uniqueArray(fc.constantFrom(...departmentCodes), { maxLength: 3 });
    if (key === 'month') return isoDay.map((d) => d.slice(0, 7));
    if (type === 'string' && /date|^from$|until$/i.test(key)) return isoDay;
    return undefined;
  };
}

const dateLike = (key: string) => /date|^from$|until$|^month$/i.test(key);

/** Path segments no parameter may be: broken encodings, traversal, look-alikes, over-long ids. */
const PATH_ATTACKS: [string, string][] = [
  ['percent-garbage', '%FF%FE'],
  ['lone-percent', '%'],
  ['bad-hex', '%zz'],
  ['overlong-utf8', '%C0%AE%C0%AE'],
  ['traversal', '..%2F..%2F..%2Fetc%2Fpasswd'],
  ['traversal-dots', '%2e%2e'],
  ['double-encoded-traversal', '%252e%252e%252fetc'],
  ['nul', 'LS-2026-0001%00'],
  ['over-long-id', '9'.repeat(5000)],
  ['zero-width', encodeURIComponent('\u200bLS-2026-0001')],
  ['rtl-override', encodeURIComponent('\u202eLS-2026-0001')],
  ['full-width', encodeURIComponent('ＬＳ－２０２６－０００１')],
  ['sql', encodeURIComponent("' OR '1'='1")],
  ['raw-utf8', '项目'],
  ['proto', '__proto__'],
  ['numeric-overflow', '99999999999999999999999'],
  ['negative', '-1'],
  ['float', '1.5e3'],
];

/** Query strings no list accepts. */
const QUERY_ATTACKS: [string, string][] = [
  ['proto-pollution', '__proto__[roles]=administrator&__proto__.polluted=1'],
  ['constructor-pollution', 'constructor[prototype][polluted]=1'],
  ['duplicate-keys', 'page=1&page=2&pageSize=1&pageSize=2'],
  ['bracket-nesting', 'page[$gt]=0'],
  ['percent-garbage', 'stage=%FF%FE'],
  ['lone-percent', 'from=%&days=%'],
  ['huge', `x=${'a'.repeat(60_000)}`],
  ['many-keys', Array.from({ length: 3000 }, (_, i) => `k${i}=1`).join('&')],
  ['impossible-date', 'from=2025-02-30&days=1'],
  ['zero-date', 'from=2020-00-00&days=1'],
];

/** Serialises a generated query object; arrays repeat the key, objects nest in brackets. */
function queryString(value: unknown): string {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return `q=${encodeURIComponent(toJsonText(value))}`;
  const parts: string[] = [];
  for (const [k, v] of Object.entries(value)) {
    const key = encodeURIComponent(k);
    if (Array.isArray(v)) v.forEach((x) => parts.push(`${key}=${encodeURIComponent(String(x))}`));
    else if (v instanceof RawJson) parts.push(`${key}=${encodeURIComponent(v.text)}`);
    else if (v !== null && typeof v === 'object')
      Object.entries(v).forEach(([s, x]) =>
        parts.push(`${key}[${encodeURIComponent(s)}]=${encodeURIComponent(String(x))}`),
      );
    else if (v === null) parts.push(key);
    else parts.push(`${key}=${encodeURIComponent(String(v))}`);
  }
  return parts.join('&');
}

/** Whether the server must refuse this body: the schema refuses what it would parse, or the rules do. */
function refused(schema: z.ZodType, bad: Invalid): boolean {
  if (bad.intent) return true;
  const text = toJsonText(bad.value);
  return !schema.safeParse(JSON.parse(text)).success;
}

const json = (value: unknown) => Buffer.from(toJsonText(value));
const idempotencyKey = fc.stringMatching(/^[A-Za-z0-9_-]{16,40}$/);

interface Parts {
  params: Record<string, string>;
  query: string;
  headers: [string, string][];
  body?: Buffer;
}

function fillPath(template: string, params: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_m, name: string) => params[name] ?? 'x');
}

function basicOf(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

/** Credential attacks: none of them is a valid user's credentials. */
function credentialAttacks(ctx: HostileContext): [string, string | undefined][] {
  const { username: u, password: p } = ctx.victim;
  const fullWidth = u.replace(/[a-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
  return [
    ['none', undefined],
    ['empty', ''],
    ['basic-empty', 'Basic '],
    ['basic-not-base64', 'Basic !!!not*base64!!!'],
    ['basic-no-colon', `Basic ${Buffer.from(u).toString('base64')}`],
    ['basic-empty-user', basicOf('', p)],
    ['wrong-password', basicOf(u, `${p}x`)],
    ['huge-basic', `Basic ${Buffer.from(`${u}:${'p'.repeat(6000)}`).toString('base64')}`],
    ['look-alike(case)', basicOf(u.toUpperCase(), p)],
    ['look-alike(trailing-space)', basicOf(`${u} `, p)],
    ['look-alike(leading-space)', basicOf(` ${u}`, p)],
    ['look-alike(nul)', basicOf(`${u}\u0000`, p)],
    ['look-alike(zero-width)', basicOf(`${u.slice(0, 2)}\u200b${u.slice(2)}`, p)],
    ['look-alike(full-width)', basicOf(fullWidth, p)],
    ['look-alike(accent)', basicOf(u.replace('o', 'ó'), p)],
    ['look-alike(combining)', basicOf(u.replace('o', 'o\u0301'), p)],
    ['look-alike(cyrillic)', basicOf(u.replace('o', 'о'), p)],
    ['password-with-nul', basicOf(u, `${p}\u0000`)],
    ['latin1-bytes', `Basic ${Buffer.from(`${u}:${p}`, 'latin1').toString('base64').slice(0, -2)}==`],
    ['bearer-garbage', 'Bearer garbage.token.here'],
    [
      'bearer-alg-none',
      `Bearer ${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"admin","roles":["administrator"]}').toString('base64url')}.`,
    ],
    ['bearer-empty', 'Bearer '],
    ['digest', `Digest username="${u}", realm="egov", nonce="x", response="y"`],
    ['unknown-scheme', `Negotiate ${'A'.repeat(40)}`],
    ['sql-username', basicOf(`' OR '1'='1' -- `, p)],
  ];
}

/** Framing and encoding attacks on any operation. `body` is invalid for the operation already. */
function transportAttacks(method: string, body: Buffer): [string, Partial<HostileRequest>][] {
  const jsonType: [string, string] = ['content-type', 'application/json'];
  return [
    ['charset(iso-8859-1)', { headers: [['content-type', 'application/json; charset=iso-8859-1']], body }],
    ['charset(unknown)', { headers: [['content-type', 'application/json; charset=x-hostile']], body }],
    ['charset(utf-7)', { headers: [['content-type', 'application/json; charset=utf-7']], body }],
    ['content-encoding(gzip-garbage)', { headers: [jsonType, ['content-encoding', 'gzip']], body }],
    ['content-encoding(deflate-garbage)', { headers: [jsonType, ['content-encoding', 'deflate']], body }],
    ['content-encoding(br-garbage)', { headers: [jsonType, ['content-encoding', 'br']], body }],
    ['content-encoding(unknown)', { headers: [jsonType, ['content-encoding', 'x-hostile']], body }],
    [
      'content-encoding(stacked)',
      { headers: [jsonType, ['content-encoding', 'gzip, compress, x-hostile']], body },
    ],
    ['content-type(text/plain)', { headers: [['content-type', 'text/plain']], body }],
    ['content-type(missing)', { headers: [], body }],
    [
      'content-type(form)',
      {
        headers: [['content-type', 'application/x-www-form-urlencoded']],
        body: Buffer.from('title=x&__proto__[a]=1'),
      },
    ],
    ['content-type(multipart-no-boundary)', { headers: [['content-type', 'multipart/form-data']], body }],
    ['content-type(garbage)', { headers: [['content-type', ';;;/\u00ff']], body }],
    ['json(truncated)', { headers: [jsonType], body: Buffer.from('{"title": "') }],
    ['json(single-quotes)', { headers: [jsonType], body: Buffer.from("{'title': 1}") }],
    [
      'json(deep-nesting)',
      { headers: [jsonType], body: Buffer.from(`${'['.repeat(200_000)}${']'.repeat(200_000)}`) },
    ],
    ['json(bom)', { headers: [jsonType], body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) }],
    [
      'json(invalid-utf8)',
      { headers: [jsonType], body: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]) },
    ],
    [
      'json(lone-surrogate)',
      { headers: [jsonType], body: Buffer.from('{"title":"\\ud800\\ud800\\ud800\\ud800"}') },
    ],
    [
      'content-length(short)',
      { headers: [jsonType, ['content-length', String(Math.floor(body.length / 2))]], body },
    ],
    [
      'content-length(long)',
      { headers: [jsonType, ['content-length', String(body.length + 100)]], body, ending: 'half-close' },
    ],
    ['content-length(negative)', { headers: [jsonType, ['content-length', '-1']], body }],
    ['content-length(not-a-number)', { headers: [jsonType, ['content-length', 'abc']], body }],
    [
      'content-length(conflicting)',
      { headers: [jsonType, ['content-length', String(body.length)], ['content-length', '3']], body },
    ],
    [
      'chunked(bad-size)',
      { headers: [jsonType, ['transfer-encoding', 'chunked']], body: Buffer.from('zz\r\n{}\r\n0\r\n\r\n') },
    ],
    [
      'chunked(unterminated)',
      {
        headers: [jsonType, ['transfer-encoding', 'chunked']],
        body: Buffer.from('5\r\n{"a":'),
        ending: 'half-close',
      },
    ],
    [
      'smuggling(cl+te)',
      {
        headers: [jsonType, ['content-length', '4'], ['transfer-encoding', 'chunked']],
        body: Buffer.from(`0\r\n\r\nGET /api/projects HTTP/1.1\r\nHost: x\r\n\r\n`),
      },
    ],
    ['huge-header', { headers: [['x-filler', 'a'.repeat(40_000)]] }],
    ['many-headers', { headers: Array.from({ length: 3000 }, (_, i): [string, string] => [`x-h${i}`, '1']) }],
    ['header-obs-fold', { headers: [['x-folded', 'a\r\n b']] }],
    ['method-override', { headers: [['x-http-method-override', 'DELETE'], jsonType], body }],
    ['expect(bogus)', { headers: [['expect', 'hostile'], jsonType], body }],
    ['host(missing)', { headers: [['host', '']] }],
    ['lowercase-method', { method: method.toLowerCase() }],
    ['unknown-method', { method: 'PROPFIND' }],
  ];
}

/** Multipart uploads with at least one hard defect each (truncation, content, name or field). */
function multipartAttacks(ctx: HostileContext): [string, Partial<HostileRequest>][] {
  const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(512, 0x41), Buffer.from('\n%%EOF\n')]);
  const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(256, 0x42)]);
  const b = 'HostileBoundary';
  const field = (name: string, value: string) =>
    Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
  const file = (filename: string, data: Buffer, disposition = `filename="${filename}"`) =>
    Buffer.concat([
      Buffer.from(
        `--${b}\r\nContent-Disposition: form-data; name="file"; ${disposition}\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      data,
      Buffer.from('\r\n'),
    ]);
  const end = Buffer.from(`--${b}--\r\n`);
  const type: [string, string] = ['content-type', `multipart/form-data; boundary=${b}`];
  const upload = (body: Buffer, extra: Partial<HostileRequest> = {}): Partial<HostileRequest> => ({
    headers: [type],
    body,
    ...extra,
  });
  const typed = (...parts: Buffer[]) => Buffer.concat([field('type', 'other'), ...parts]);
  const big = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(ctx.documentMaxBytes + 1, 0x41)]);
  return [
    [
      'truncated(no-closing-boundary)',
      upload(
        typed(
          Buffer.from(
            `--${b}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.7`,
          ),
        ),
      ),
    ],
    [
      'truncated(mid-file, half-close)',
      upload(typed(file('a.pdf', pdf)).subarray(0, 300), {
        headers: [type, ['content-length', '5000']],
        ending: 'half-close',
      }),
    ],
    [
      'aborted(mid-file)',
      upload(typed(file('a.pdf', pdf)).subarray(0, 300), {
        headers: [type, ['content-length', '5000']],
        ending: 'abort',
      }),
    ],
    ['truncated(in-part-headers)', upload(Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="fi`))],
    [
      'boundary(missing)',
      upload(typed(file('a.pdf', pdf), end), { headers: [['content-type', 'multipart/form-data']] }),
    ],
    [
      'boundary(mismatch)',
      upload(typed(file('a.pdf', pdf), end), {
        headers: [['content-type', 'multipart/form-data; boundary=Other']],
      }),
    ],
    [
      'boundary(too-long)',
      upload(typed(file('a.pdf', pdf), end), {
        headers: [['content-type', `multipart/form-data; boundary=${'x'.repeat(5000)}`]],
      }),
    ],
    ['content(wrong-magic .pdf)', upload(typed(file('a.pdf', zip), end))],
    ['content(wrong-magic .docx)', upload(typed(file('a.docx', pdf), end))],
    ['content(empty)', upload(typed(file('a.pdf', Buffer.alloc(0)), end))],
    ['content(too-large)', upload(typed(file('a.pdf', big), end))],
    ['name(exe)', upload(typed(file('a.exe', pdf), end))],
    ['name(double-extension)', upload(typed(file('a.pdf.exe', pdf), end))],
    ['name(no-extension)', upload(typed(file('readme', pdf), end))],
    ['name(traversal)', upload(typed(file('../../../etc/passwd.pdf', pdf), end))],
    ['name(windows-path)', upload(typed(file('C:\\\\Windows\\\\a.pdf', pdf), end))],
    ['name(control-chars)', upload(typed(file('a\u0001\u0007.pdf', pdf), end))],
    ['name(nul)', upload(typed(file('a.pdf\u0000.exe', pdf), end))],
    ['name(rtl + wrong-magic)', upload(typed(file('\u202efdp.exe', zip), end))],
    ['name(zero-width-only + wrong-magic)', upload(typed(file('\u200b\u200b.pdf', zip), end))],
    ['name(over-long)', upload(typed(file(`${'长'.repeat(300)}.pdf`, pdf), end))],
    ['name(rfc5987 traversal)', upload(typed(file('', pdf, `filename*=UTF-8''..%2F..%2Fa.pdf`), end))],
    ['field(type invalid)', upload(Buffer.concat([field('type', 'virus'), file('a.pdf', pdf), end]))],
    ['field(type missing)', upload(Buffer.concat([file('a.pdf', pdf), end]))],
    ['field(type proto)', upload(Buffer.concat([field('type', '__proto__'), file('a.pdf', pdf), end]))],
    ['field(file missing)', upload(Buffer.concat([field('type', 'other'), end]))],
    [
      'fields(flood + wrong-magic)',
      upload(
        Buffer.concat([
          ...Array.from({ length: 50 }, (_, i) => field(`f${i}`, 'x')),
          field('type', 'other'),
          file('a.pdf', zip),
          end,
        ]),
      ),
    ],
    ['files(two, second wrong)', upload(typed(file('a.pdf', zip), file('b.pdf', zip), end))],
    [
      'part-headers(huge)',
      upload(
        typed(
          Buffer.from(
            `--${b}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nX-Filler: ${'a'.repeat(100_000)}\r\n\r\n`,
          ),
          zip,
          end,
        ),
      ),
    ],
    [
      'json-instead',
      {
        headers: [['content-type', 'application/json']],
        body: Buffer.from('{"type":"other","file":"JVBERi0="}'),
      },
    ],
  ];
}

/**
 * Diagrams as `content`: one whose process id no registry column holds (refused by the rules), and
 * for lint alone (which writes nothing) XML attacks: entity expansion, external entities, not XML.
 */
function contentAttacks(body: z.ZodType, hints: Hints, lintOnly: boolean): fc.Arbitrary<Invalid> {
  const shape = defOf(core(body)).shape ?? {};
  if (!('content' in shape)) return invalid(body, hints).filter((bad) => refused(body, bad));
  const diagrams: [string, string][] = [['over-long-model-id', OVERLONG_ID_BPMN]];
  if (lintOnly) {
    const lol = Array.from({ length: 9 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`).join('');
    diagrams.push(
      ['xml-entity-expansion', `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY l0 "lol">${lol}]><d>&l9;</d>`],
      [
        'xml-external-entity',
        `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>${MINIMAL_BPMN.replace(/^<\?xml[^>]*>/, '').replace('id="start"', 'id="start" name="&x;"')}`,
      ],
      ['not-xml', '{"this":"is json"}'],
      ['binary', '\u0000\u0001\u0002PK\u0003\u0004'],
      ['unclosed-tags', '<bpmn:definitions><bpmn:process>'.repeat(2000)],
    );
  }
  return fc
    .tuple(validish(body, hints) as fc.Arbitrary<Record<string, unknown>>, fc.constantFrom(...diagrams))
    .map(([v, [kind, content]]) => ({ kind: `content:${kind}`, value: { ...v, content }, intent: true }));
}

interface OpInfo {
  path: string;
  method: string;
  name: string;
  op: Operation;
}

/** Every operation of the OpenAPI document with the zod schemas it was generated from. */
export function documentedOperations(): OpInfo[] {
  const doc = openApiDocument('hostile');
  const list: OpInfo[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const method of Object.keys(methods)) {
      const op = operations[path]?.[method];
      if (!op) throw new Error(`${method.toUpperCase()} ${path} is documented without zod schemas`);
      list.push({ path, method: method.toUpperCase(), name: `${method.toUpperCase()} ${path}`, op });
    }
  }
  return list;
}

/** Hostile requests for one operation. */
/** The fixed lists of attacks; `catalogue` sends each of their entries once per run. */
export type AttackFamily = 'path' | 'query' | 'auth' | 'transport' | 'multipart';

/**
 * Hostile requests for one operation. With `only`, just the `index`-th attack of one family (its
 * other parts still generated), or nothing when the family does not apply to the operation.
 */
export function hostileRequests(
  info: OpInfo,
  ctx: HostileContext,
  only?: { family: AttackFamily; index: number },
): fc.Arbitrary<HostileRequest> | undefined {
  const { op, path, method, name } = info;
  const choose = <T>(family: AttackFamily, list: T[]): fc.Arbitrary<T> =>
    only?.family === family ? fc.constant(list[only.index % list.length]!) : fc.constantFrom(...list);
  const families: Partial<Record<AttackFamily, fc.Arbitrary<HostileRequest>>> = {};
  const hints = hintsFor(ctx);
  const users = Object.keys(ctx.auth) as UserLabel[];
  const signedIn = fc.oneof(
    { weight: 4, arbitrary: fc.constant<UserLabel>('admin') },
    { weight: 3, arbitrary: fc.constantFrom(...users) },
  );
  const params = fc.record(
    Object.fromEntries(
      Object.entries(op.params ?? {}).map(([k, s]) => [
        k,
        validish(s, hints, k).map((v) => encodeURIComponent(String(v))),
      ]),
    ),
  ) as fc.Arbitrary<Record<string, string>>;
  const query = op.query
    ? (validish(op.query, hints) as fc.Arbitrary<Record<string, unknown>>).map(queryString)
    : fc.constant('');
  const headers: fc.Arbitrary<[string, string][]> = op.headers
    ? fc.tuple(...Object.keys(op.headers).map((h) => idempotencyKey.map((v): [string, string] => [h, v])))
    : fc.constant([]);
  const validBody = op.body ? validish(op.body, hints).map(json) : fc.constant(undefined);
  const badBody = op.body
    ? fc
        .oneof(
          { weight: 5, arbitrary: invalid(op.body, hints).filter((bad) => refused(op.body!, bad)) },
          { weight: 1, arbitrary: contentAttacks(op.body, hints, path.endsWith('/lint')) },
        )
        .map((bad) => ({ kind: bad.kind, body: json(bad.value) }))
    : fc.constant({ kind: 'none', body: Buffer.from('{"hostile":true}') });
  const valid: fc.Arbitrary<Parts> = fc.record({ params, query, headers, body: validBody });

  const build = (
    kind: string,
    parts: Parts,
    as: string,
    extra: Partial<HostileRequest> = {},
  ): HostileRequest => {
    const auth = (ctx.auth as Record<string, string>)[as];
    const body = extra.body ?? parts.body;
    const content: [string, string][] = extra.headers ?? (body ? [['content-type', 'application/json']] : []);
    return {
      operation: name,
      kind,
      method: extra.method ?? method,
      target: `${fillPath(path, parts.params)}${parts.query ? `?${parts.query}` : ''}`,
      as,
      headers: [...(auth ? [['authorization', auth] as [string, string]] : []), ...parts.headers, ...content],
      body,
      ending: extra.ending,
      from: extra.from,
    };
  };

  const categories: fc.WeightedArbitrary<HostileRequest>[] = [];
  if (op.body) {
    categories.push({
      weight: 10,
      arbitrary: fc
        .tuple(valid, badBody, fc.oneof(signedIn, fc.constant('none')))
        .map(([p, bad, as]) => build(`body:${bad.kind}`, { ...p, body: bad.body }, as)),
    });
  }
  if (op.params && Object.keys(op.params).length > 0) {
    const names = Object.keys(op.params);
    const badParam = fc.constantFrom(...names).chain((k) =>
      fc.oneof(
        choose('path', PATH_ATTACKS).map(([kind, value]) => ({ k, kind: `${k}:${kind}`, value })),
        invalid(op.params![k]!, hints, k, dateLike(k))
          .filter((bad) => bad.intent === true || !op.params![k]!.safeParse(String(bad.value)).success)
          .filter((bad) => typeof bad.value !== 'object' || bad.value === null)
          .map((bad) => ({ k, kind: `${k}:${bad.kind}`, value: encodeURIComponent(String(bad.value)) })),
      ),
    );
    families.path = fc
      .tuple(valid, badParam, signedIn)
      .map(([p, bad, as]) =>
        build(`path:${bad.kind}`, { ...p, params: { ...p.params, [bad.k]: bad.value } }, as),
      );
    categories.push({ weight: 4, arbitrary: families.path });
  }
  if (op.query) {
    const badQuery = fc.oneof(
      choose('query', QUERY_ATTACKS).map(([kind, q]) => ({ kind, q })),
      invalid(op.query, hints).map((bad) => ({ kind: bad.kind, q: queryString(bad.value) })),
    );
    families.query = fc
      .tuple(valid, badQuery, signedIn)
      .map(([p, bad, as]) => build(`query:${bad.kind}`, { ...p, query: bad.q }, as));
    categories.push({ weight: 4, arbitrary: families.query });
  }
  if (op.headers) {
    const [header, schema] = Object.entries(op.headers)[0]!;
    const badHeader = fc.oneof(
      fc.constant({ kind: 'missing', value: undefined as string | undefined }),
      invalid(schema, hints, header)
        .filter((bad) => typeof bad.value === 'string' && !schema.safeParse(bad.value).success)
        // a header value cannot hold control characters or non-Latin-1 text on the wire
        .map((bad) => ({
          kind: bad.kind,
          value: Buffer.from(String(bad.value), 'utf8')
            .toString('latin1')
            .replace(/[\r\n]/g, ' '),
        })),
    );
    categories.push({
      weight: 2,
      arbitrary: fc
        .tuple(valid, badHeader, signedIn)
        .map(([p, bad, as]) =>
          build(
            `header:${header}:${bad.kind}`,
            { ...p, headers: bad.value === undefined ? [] : [[header, bad.value]] },
            as,
          ),
        ),
    });
  }
  if (!op.public) {
    families.auth = fc.tuple(valid, choose('auth', credentialAttacks(ctx))).map(([p, [kind, header]]) => {
      const r = build(`auth:${kind}`, p, 'attacker', { from: ATTACKER_ADDRESS });
      r.headers = [
        ...(header === undefined ? [] : [['authorization', header] as [string, string]]),
        ...r.headers,
      ];
      return r;
    });
    categories.push({ weight: 2, arbitrary: families.auth });
  }
  families.transport = fc
    .tuple(valid, badBody, signedIn)
    .chain(([p, bad, as]) =>
      choose('transport', transportAttacks(method, bad.body)).map(([kind, extra]) =>
        build(`transport:${kind}`, { ...p, body: bad.body }, as, extra),
      ),
    );
  categories.push({ weight: 2, arbitrary: families.transport });
  if (op.roles) {
    // the owning department's applicant may write to its project: never "lacking"
    const lacking = users.filter(
      (u) => u !== 'applicant' && !ctx.roles[u].some((r) => op.roles!.includes(r)),
    );
    if (lacking.length > 0) {
      categories.push({
        weight: 2,
        arbitrary: fc
          .tuple(valid, fc.constantFrom(...lacking))
          .map(([p, as]) => build('role:lacking', p, as)),
      });
    }
  }
  if (op.multipart) {
    families.multipart = fc
      .tuple(
        valid,
        fc.constantFrom<string>('applicant', 'participant', 'admin', 'officer', 'none'),
        choose('multipart', multipartAttacks(ctx)),
      )
      .map(([p, as, [kind, extra]]) =>
        build(`multipart:${kind}`, { ...p, params: { ...p.params, code: ctx.projectCode } }, as, extra),
      );
    categories.push({ weight: 6, arbitrary: families.multipart });
  }
  return only ? families[only.family] : fc.oneof(...categories);
}

/** How many fixed attacks each family has (the catalogue sends each once). */
export function familySizes(ctx: HostileContext): Record<AttackFamily, number> {
  return {
    path: PATH_ATTACKS.length,
    query: QUERY_ATTACKS.length,
    auth: credentialAttacks(ctx).length,
    transport: transportAttacks('GET', Buffer.alloc(0)).length,
    multipart: multipartAttacks(ctx).length,
  };
}
