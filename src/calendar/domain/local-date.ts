/**
 * Calendar dates as `YYYY-MM-DD` strings, with arithmetic on day numbers (days since 1970-01-01)
 * through Date.UTC only — so the result never depends on the server's time zone. Instants are
 * mapped to dates in Asia/Shanghai (UTC+8, no daylight saving since 1991).
 */
import { isCalendarDate } from '../../shared/validation';

export type LocalDate = string;

const DAY_MS = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

export class InvalidDateError extends Error {}

/** Validates a calendar date: right shape and a day that exists (no 2026-02-30). */
export function parseLocalDate(s: string): LocalDate {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s))
    throw new InvalidDateError(`"${s}" is not a date of the form YYYY-MM-DD`);
  if (!isCalendarDate(s)) throw new InvalidDateError(`"${s}" is not a day of the calendar`);
  return s;
}

export function toDayNumber(date: LocalDate): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;
}

export function fromDayNumber(day: number): LocalDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(date: LocalDate, n: number): LocalDate {
  return fromDayNumber(toDayNumber(date) + n);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: LocalDate): number {
  const dow = new Date(toDayNumber(date) * DAY_MS).getUTCDay();
  return dow === 0 ? 7 : dow;
}

export const isWeekend = (date: LocalDate) => isoWeekday(date) >= 6;
export const yearOf = (date: LocalDate) => Number(date.slice(0, 4));

/** Calendar-month arithmetic with end-of-month clamping: 2026-01-31 + 1 month = 2026-02-28. */
export function addMonths(date: LocalDate, months: number): LocalDate {
  const y = yearOf(date);
  const m = Number(date.slice(5, 7)) - 1 + months;
  const d = Number(date.slice(8, 10));
  const targetYear = y + Math.floor(m / 12);
  const targetMonth = ((m % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth + 1, 0)).getUTCDate();
  return new Date(Date.UTC(targetYear, targetMonth, Math.min(d, lastDay))).toISOString().slice(0, 10);
}

/** The date in Asia/Shanghai at an instant, whatever the server's time zone. */
export function shanghaiDateOf(instant: Date): LocalDate {
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** 23:59:59.000 Asia/Shanghai of a date: the end of a deadline day. */
export function endOfShanghaiDay(date: LocalDate): Date {
  return new Date(toDayNumber(date) * DAY_MS + DAY_MS - 1_000 - SHANGHAI_OFFSET_MS);
}

/** A time of day in Asia/Shanghai on a date, e.g. the 09:00 start of a session. */
export function shanghaiTime(date: LocalDate, hour: number, minute = 0): Date {
  return new Date(toDayNumber(date) * DAY_MS + (hour * 60 + minute) * 60_000 - SHANGHAI_OFFSET_MS);
}
