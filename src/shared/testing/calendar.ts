/**
 * An official holiday schedule for one year, applied for a test and restored afterwards: the
 * returned function puts back the year's rows as they were (or removes a year that had none).
 */
import type { DataSource } from 'typeorm';
import { applySchedule, CalendarService } from '../../calendar';
import { CalendarDayEntity, CalendarYearEntity } from '../../calendar/data-access/calendar.entities';
import type { LocalDate } from '../../calendar';
import { addDays, isoWeekday, shanghaiDateOf, yearOf } from '../../calendar/domain/local-date';

export async function scheduleForTest(
  ds: DataSource,
  year: number,
  days: { date: LocalDate; kind: 'holiday' | 'adjusted-workday'; name: string }[],
): Promise<() => Promise<void>> {
  const years = ds.getRepository(CalendarYearEntity);
  const dayRows = ds.getRepository(CalendarDayEntity);
  const before = { year: await years.findOneBy({ year }), days: await dayRows.findBy({ year }) };
  const undo = async () => {
    await dayRows.delete({ year });
    if (before.year) await years.save(before.year);
    else await years.delete({ year });
    if (before.days.length > 0) await dayRows.insert(before.days);
  };
  await applySchedule(
    ds,
    new CalendarService(ds, 0),
    year,
    { status: 'official', source: 'integration-test fixture', days },
    'it-admin',
    new Date(),
  );
  return undo;
}

/**
 * A golden week as National Day's, soon after `from` and applied for a test: day 0 is the first
 * Friday after `from`, Sunday day 2 is worked, days 3–9 are holidays, and the days up to `spanDays`
 * fall in the same year (a test that needs them all need not move the clock a year ahead, where
 * the session schedulers would open a session for every month passed).
 */
export async function goldenWeekForTest(
  ds: DataSource,
  from: Date,
  spanDays: number,
): Promise<{ day: (n: number) => LocalDate; undo: () => Promise<void> }> {
  let friday = addDays(shanghaiDateOf(from), 1);
  while (isoWeekday(friday) !== 5 || yearOf(addDays(friday, -1)) !== yearOf(addDays(friday, spanDays)))
    friday = addDays(friday, 1);
  const day = (n: number) => addDays(friday, n);
  const undo = await scheduleForTest(ds, yearOf(friday), [
    { date: day(2), kind: 'adjusted-workday', name: '国庆节调休上班' },
    ...[3, 4, 5, 6, 7, 8, 9].map((n) => ({ date: day(n), kind: 'holiday' as const, name: '国庆节' })),
  ]);
  return { day, undo };
}
