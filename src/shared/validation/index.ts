/** Schemas shared by HTTP bodies and job variables. */
import { z } from 'zod';

/** Human-readable project code that follows a project for life, e.g. LS-2026-0001. */
export const projectCode = z
  .string()
  .regex(/^[A-Z]{2,6}-\d{4}-\d{4,6}$/, 'project code must look like LS-2026-0001');

/** Years a DATE or DATETIME column of MariaDB/MySQL holds; year 0000 would be a "zero date". */
const MIN_YEAR = 1000;
const MAX_YEAR = 9999;
const storableYear = (s: string) => Number(s.slice(0, 4)) >= MIN_YEAR;

/**
 * A calendar date YYYY-MM-DD that exists (no 2025-02-30, no 2020-00-00), years 1000–9999.
 * Every schema that takes a date uses this one.
 */
export const calendarDate = z.iso
  .date('must be a calendar date YYYY-MM-DD that exists')
  .refine(storableYear, `must be between ${MIN_YEAR}-01-01 and ${MAX_YEAR}-12-31`);

/** Whether `s` is a calendar date YYYY-MM-DD that exists (what `calendarDate` accepts). */
export const isCalendarDate = (s: string) => calendarDate.safeParse(s).success;

/**
 * An ISO-8601 instant with an explicit offset or Z whose date and time exist (no 2025-02-30,
 * no 24:00, no +25:00), parsed to a Date. Every schema that takes a date-time uses this one.
 */
export const isoInstant = z.iso
  .datetime({
    offset: true,
    message: 'must be an ISO-8601 date-time with an offset, e.g. 2026-03-02T09:00:00+08:00',
  })
  .refine(storableYear, `must be between ${MIN_YEAR} and ${MAX_YEAR}`)
  .transform((s) => new Date(s));

/** A rule id of the catalogue in docs/rules/: M11.1, M7.3, T22 … */
export const ruleId = z.string().regex(/^[MT]\d+(\.\d+)?$/, 'rule id must look like M11.1 or T22');

/**
 * Characters a text people read must not contain: controls (C0, DEL, C1), format characters
 * (zero-width spaces and joiners, bidi marks, embeddings, overrides and isolates such as U+202E,
 * soft hyphen, BOM, tags), lone surrogates, unassigned code points and non-characters, letters
 * that render blank (Hangul fillers, braille blank) and line/paragraph separators.
 */
const FORBIDDEN = /[\p{Cc}\p{Cf}\p{Cs}\p{Cn}\u115F\u1160\u3164\uFFA0\u2800\u2028\u2029]/u;
/** Line breaks and tabs, allowed in multi-line text only. */
const LAYOUT = /^[\n\r\t]$/;
/** What does not count as a visible character: whitespace, combining marks, and FORBIDDEN. */
const NOT_VISIBLE = /[\p{White_Space}\p{Mn}\p{Me}\p{Cc}\p{Cf}\p{Cs}\p{Cn}\u115F\u1160\u3164\uFFA0\u2800]/u;
/** More combining marks in a row than any script needs ("Zalgo" text that spills over other lines). */
const MARK_RUN = /[\p{Mn}\p{Me}]{5,}/u;
/** Leading and trailing whitespace and invisible characters (a trim that also removes U+200B). */
const EDGES =
  /^[\p{White_Space}\p{Cf}\u115F\u1160\u3164\uFFA0\u2800]+|[\p{White_Space}\p{Cf}\u115F\u1160\u3164\uFFA0\u2800]+$/gu;

const codePoint = (ch: string) => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** Removes every character `visibleText` refuses: for showing text that was stored before. */
export function withoutInvisible(s: string): string {
  return s.replace(new RegExp(FORBIDDEN.source, 'gu'), '');
}

/** Number of visible characters (code points that are not whitespace, marks or invisible). */
export function visibleLength(s: string): number {
  let n = 0;
  for (const ch of s) if (!NOT_VISIBLE.test(ch)) n += 1;
  return n;
}

/** Why `s` is not acceptable text for people to read, or undefined. */
export function invisibleTextProblem(s: string, options: { multiline?: boolean } = {}): string | undefined {
  let index = 0;
  for (const ch of s) {
    if (FORBIDDEN.test(ch) && !(options.multiline && LAYOUT.test(ch))) {
      return `must not contain control, invisible or direction-changing characters (${codePoint(ch)} at position ${index + 1})`;
    }
    index += 1;
  }
  if (MARK_RUN.test(s)) return 'must not stack more than 4 combining marks on one character';
  return undefined;
}

/**
 * Text that people read (titles, names, reasons, comments, opinions): trimmed of whitespace and
 * invisible characters at both ends; refused when it contains control, zero-width or bidi
 * override characters; `min` counts visible characters, so ten zero-width spaces are not ten
 * characters. `max` bounds the stored length (UTF-16 units, never more than the column's).
 */
export function visibleText(options: { min?: number; max: number; multiline?: boolean; message?: string }) {
  const min = options.min ?? 1;
  return z
    .string()
    .overwrite((s) => s.replace(EDGES, ''))
    .max(options.max, `must have at most ${options.max} characters`)
    .superRefine((s, ctx) => {
      const problem = invisibleTextProblem(s, options);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
      else if (visibleLength(s) < min)
        ctx.addIssue({
          code: 'custom',
          message:
            options.message ??
            (min === 1 ? 'must contain visible characters' : `needs at least ${min} visible characters`),
        });
    });
}
