/**
 * Official holiday data from the `chinese-days` package (pinned exactly in package.json). Its JSON
 * is read directly: the package's own date parsing mixes UTC and local getters and misreads dates
 * west of UTC, and the data alone is what we need.
 */
import data from 'chinese-days/dist/chinese-days.json';
import type { DayOverride } from './types';

export const PACKAGE_SOURCE = 'chinese-days@1.5.7 (State Council holiday notices)';

/** "Spring Festival,春节,4" → "春节" */
const chineseName = (entry: string) => entry.split(',')[1] ?? entry;

export function packageDays(): Map<string, DayOverride> {
  const days = new Map<string, DayOverride>();
  for (const [date, entry] of Object.entries(data.holidays as Record<string, string>)) {
    days.set(date, { kind: 'holiday', name: chineseName(entry), source: PACKAGE_SOURCE });
  }
  for (const [date, entry] of Object.entries(data.workdays as Record<string, string>)) {
    days.set(date, {
      kind: 'adjusted-workday',
      name: `${chineseName(entry)}调休上班`,
      source: PACKAGE_SOURCE,
    });
  }
  return days;
}

/** Years for which the package has the State Council's schedule. */
export function packageYears(): Set<number> {
  return new Set(Object.keys(data.holidays as Record<string, string>).map((d) => Number(d.slice(0, 4))));
}
