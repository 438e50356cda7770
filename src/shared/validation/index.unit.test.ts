import fc from 'fast-check';
import {
  calendarDate,
  invisibleTextProblem,
  isoInstant,
  visibleLength,
  visibleText,
  withoutInvisible,
} from '.';

const ZWSP = '\u200B';
const RLO = '\u202E';

describe('calendarDate', () => {
  it.each(['2024-02-29', '2026-10-10', '1000-01-01', '9999-12-31'])('accepts the day %s', (d) => {
    expect(calendarDate.parse(d)).toBe(d);
  });

  it.each([
    ['a 30 February', '2025-02-30'],
    ['a 29 February outside a leap year', '2023-02-29'],
    ['month and day 00 (a zero date)', '2020-00-00'],
    ['year 0000', '0000-01-01'],
    ['month 13', '2025-13-01'],
    ['no leading zeros', '2025-2-3'],
    ['a date-time', '2025-02-03T00:00:00Z'],
    ['full-width digits', '２０２５-０２-０３'],
  ])('refuses %s', (_what, d) => {
    expect(calendarDate.safeParse(d).success).toBe(false);
  });

  it('accepts exactly the days that exist (property: agrees with Date.UTC round-trips)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1000, max: 9999 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        (y, m, d) => {
          const s = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
          const back = new Date(Date.UTC(y, m - 1, d));
          const exists =
            m >= 1 &&
            d >= 1 &&
            back.getUTCMonth() === m - 1 &&
            back.getUTCDate() === d &&
            back.getUTCFullYear() === y;
          expect(calendarDate.safeParse(s).success).toBe(exists);
        },
      ),
      { numRuns: 2_000 },
    );
  });
});

describe('isoInstant', () => {
  it('parses an instant with an offset to a Date', () => {
    expect(isoInstant.parse('2026-03-02T09:00:00+08:00').toISOString()).toBe('2026-03-02T01:00:00.000Z');
  });

  it.each([
    '2025-02-30T00:00:00Z',
    '2025-02-28T24:00:00Z',
    '2025-02-28T10:00:00+25:00',
    '0000-01-01T00:00:00Z',
    '2025-02-28T10:00:00',
  ])('refuses %s', (s) => {
    expect(isoInstant.safeParse(s).success).toBe(false);
  });
});

describe('visibleText', () => {
  const title = visibleText({ min: 4, max: 200 });
  const reason = visibleText({ min: 10, max: 500, multiline: true });

  it('accepts Chinese and mixed text, trimmed', () => {
    expect(title.parse('  政务云平台扩容 ')).toBe('政务云平台扩容');
    expect(title.parse('OA 系统升级')).toBe('OA 系统升级');
    expect(reason.parse('因应急指挥需要，\n本年度第三个项目确有必要。')).toBe(
      '因应急指挥需要，\n本年度第三个项目确有必要。',
    );
  });

  it('trims invisible characters at either end', () => {
    expect(title.parse(`${ZWSP}\uFEFF电子证照库${ZWSP}`)).toBe('电子证照库');
  });

  it.each([
    ['four zero-width spaces as a title', title, ZWSP.repeat(4)],
    ['ten zero-width spaces as a reason (M7.5)', reason, ZWSP.repeat(10)],
    ['ideographic spaces only', title, '\u3000'.repeat(6)],
    ['Hangul fillers', title, '\u3164'.repeat(6)],
    ['braille blanks', title, '\u2800'.repeat(6)],
    ['combining marks only', title, '\u0301'.repeat(4)],
    ['a right-to-left override', title, `发票${RLO}fdp.exe`],
    ['a left-to-right isolate', title, 'abc\u2066def\u2069'],
    ['a zero-width space inside', title, `电子${ZWSP}证照库`],
    ['a NUL', title, '电子证照\u0000库'],
    ['a C1 control', title, '电子证照\u0085库'],
    ['a line break in a single-line text', title, '电子证照\n库'],
    ['a line separator', reason, '第一行内容很长很长\u2028第二行'],
    ['a lone surrogate', title, '电子证照\uD800库'],
    ['a non-character', title, '电子证照\uFFFF库'],
    ['stacked combining marks (Zalgo)', title, `Z${'\u0336\u0301\u0302\u0303\u0304'}algo`],
    ['fewer visible characters than required', reason, '太短 了 的 理由'],
  ])('refuses %s', (_what, schema, value) => {
    expect(schema.safeParse(value).success).toBe(false);
  });

  it('names the character that is refused', () => {
    expect(invisibleTextProblem(`ab${RLO}c`)).toBe(
      'must not contain control, invisible or direction-changing characters (U+202E at position 3)',
    );
  });

  it('never accepts a text with a forbidden character, nor fewer visible characters than required (property)', () => {
    const forbidden = fc.constantFrom(
      ZWSP,
      RLO,
      '\u200D',
      '\u2066',
      '\u0000',
      '\u001B',
      '\u007F',
      '\u0085',
      '\uFEFF',
      '\u00AD',
      '\uD800',
      '\u3164',
    );
    const text = fc
      .array(fc.oneof(fc.string({ unit: 'grapheme' }), forbidden), { maxLength: 8 })
      .map((p) => p.join(''));
    fc.assert(
      fc.property(text, (s) => {
        const result = reason.safeParse(s);
        if (result.success) {
          expect(visibleLength(result.data)).toBeGreaterThanOrEqual(10);
          expect(withoutInvisible(result.data.replace(/[\n\r\t]/g, ''))).toBe(
            result.data.replace(/[\n\r\t]/g, ''),
          );
        }
      }),
      { numRuns: 1_000 },
    );
  });
});
