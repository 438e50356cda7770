/**
 * The working-day calendar (工作日, with the State Council's adjusted working days 调休).
 *
 * Lookup order for a day: the database (administrators' overrides), then the `chinese-days`
 * package, then the Monday–Friday rule. A year with neither an official database schedule nor
 * package data is answered by the weekday rule but flagged **provisional** — never silently.
 *
 * Convention: a deadline of N working days counts from the day **after** receipt, and falls at the
 * end (23:59:59 Asia/Shanghai) of the N-th working day. `addWorkingDays(d, n)` is that N-th
 * working day after `d`; `workingDaysBetween(a, b)` counts the working days in (a, b], so that
 * `workingDaysBetween(a, addWorkingDays(a, n)) === n`.
 *
 * The whole supported range is precomputed into a table (a bit per day, a prefix count and the
 * list of working days), which makes both operations O(1) after construction.
 */
import { addDays, fromDayNumber, isoWeekday, toDayNumber, yearOf, type LocalDate } from './local-date';
import type { DayInfo, DayOverride, DaySource, YearStatus } from './types';

export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;

export class CalendarRangeError extends Error {}

export interface CalendarSources {
  /** administrators' rows from the database, by date */
  database: Map<LocalDate, DayOverride>;
  /** status of the years the database holds a schedule for */
  databaseYears: Map<number, YearStatus>;
  /** the package's data, by date, and the years it covers */
  packageDays: Map<LocalDate, DayOverride>;
  packageYears: Set<number>;
}

export class WorkCalendar {
  private readonly base = toDayNumber(`${MIN_YEAR}-01-01`);
  private readonly size = toDayNumber(`${MAX_YEAR + 1}-01-01`) - this.base;
  private readonly working = new Uint8Array(this.size);
  /** prefix[i] = working days in [base, base + i] */
  private readonly prefix = new Int32Array(this.size);
  /** day offsets of all working days, ascending */
  private readonly workingDays: Int32Array;

  constructor(private readonly sources: CalendarSources) {
    let count = 0;
    const list: number[] = [];
    for (let i = 0; i < this.size; i++) {
      const date = fromDayNumber(this.base + i);
      const override = this.overrideOf(date)?.override;
      const weekday = isoWeekday(date);
      const works = override ? override.kind === 'adjusted-workday' : weekday <= 5;
      if (works) {
        this.working[i] = 1;
        list.push(i);
        count++;
      }
      this.prefix[i] = count;
    }
    this.workingDays = Int32Array.from(list);
  }

  /** Official when the database says so, or when the package covers the year and the database does not say otherwise. */
  yearStatus(year: number): YearStatus {
    return (
      this.sources.databaseYears.get(year) ??
      (this.sources.packageYears.has(year) ? 'official' : 'provisional')
    );
  }

  isProvisional(date: LocalDate): boolean {
    return this.yearStatus(yearOf(date)) === 'provisional';
  }

  dayInfo(date: LocalDate): DayInfo {
    const i = this.index(date);
    const found = this.overrideOf(date);
    const weekday = isoWeekday(date);
    const working = this.working[i] === 1;
    return {
      date,
      weekday,
      kind: found ? found.override.kind : weekday <= 5 ? 'workday' : 'weekend',
      working,
      name: found?.override.name ?? null,
      source: found?.source ?? 'weekday-rule',
      sourceDetail: found?.override.source ?? null,
      provisional: this.isProvisional(date),
    };
  }

  isWorkingDay(date: LocalDate): boolean {
    return this.working[this.index(date)] === 1;
  }

  /** The first working day strictly after `date`. */
  nextWorkingDay(date: LocalDate): LocalDate {
    return this.addWorkingDays(date, 1);
  }

  /** The n-th working day after `date` (n ≥ 0; n = 0 gives `date` itself). */
  addWorkingDays(date: LocalDate, n: number): LocalDate {
    if (!Number.isInteger(n) || n < 0)
      throw new RangeError(`working days must be a whole number ≥ 0, got ${n}`);
    if (n === 0) return date;
    const target = this.prefix[this.index(date)]! + n - 1;
    if (target >= this.workingDays.length) {
      throw new CalendarRangeError(`${n} working days after ${date} is beyond ${MAX_YEAR}-12-31`);
    }
    return fromDayNumber(this.base + this.workingDays[target]!);
  }

  /** Working days in (a, b]; negative when b is before a. */
  workingDaysBetween(a: LocalDate, b: LocalDate): number {
    return this.prefix[this.index(b)]! - this.prefix[this.index(a)]!;
  }

  /** Whether any day in (a, b] lies in a provisional year. */
  anyProvisional(a: LocalDate, b: LocalDate): boolean {
    for (let y = yearOf(addDays(a, 1)); y <= yearOf(b); y++) {
      if (this.yearStatus(y) === 'provisional') return true;
    }
    return false;
  }

  private overrideOf(date: LocalDate): { override: DayOverride; source: DaySource } | undefined {
    const db = this.sources.database.get(date);
    if (db) return { override: db, source: 'database' };
    // an official database schedule for the year replaces the package's data for that year
    if (this.sources.databaseYears.has(yearOf(date))) return undefined;
    const pkg = this.sources.packageDays.get(date);
    return pkg ? { override: pkg, source: 'package' } : undefined;
  }

  private index(date: LocalDate): number {
    const i = toDayNumber(date) - this.base;
    if (!(i >= 0 && i < this.size)) {
      throw new CalendarRangeError(`${date} is outside the supported years ${MIN_YEAR}–${MAX_YEAR}`);
    }
    return i;
  }
}
