/**
 * An official holiday schedule for one year, applied for a test and restored afterwards: the
 * returned function puts back the year's rows as they were (or removes a year that had none).
 */
import type { DataSource } from 'typeorm';
import { applySchedule, CalendarService } from '../../calendar';
import { CalendarDayEntity, CalendarYearEntity } from '../../calendar/data-access/calendar.entities';
import type { LocalDate } from '../../calendar';

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
