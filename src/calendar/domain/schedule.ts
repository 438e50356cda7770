/**
 * Administrators replace a year's schedule when the State Council publishes it: validate the
 * upload, show what changes (days, and open deadlines that would move), then apply it in one
 * transaction with its audit entry.
 */
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { appendAudit } from '../../audit';
import { AppError } from '../../shared/errors';
import { openDeadlines } from '../../deadlines';
import { CalendarDayEntity, CalendarYearEntity } from '../data-access/calendar.entities';
import type { CalendarService } from './calendar-service';
import { calendarDate, visibleText } from '../../shared/validation';
import { addDays, isWeekend, yearOf, type LocalDate } from './local-date';
import { computeDeadline, deadlineRuleSchema } from './rules';
import type { DayInfo, DayOverride } from './types';
import { MAX_YEAR, MIN_YEAR, WorkCalendar, type CalendarSources } from './work-calendar';

export const yearParamSchema = z.coerce
  .number()
  .int()
  .min(MIN_YEAR, `year must be between ${MIN_YEAR} and ${MAX_YEAR}`)
  .max(MAX_YEAR, `year must be between ${MIN_YEAR} and ${MAX_YEAR}`);

export const scheduleDaySchema = z.strictObject({
  date: calendarDate,
  kind: z.enum(['holiday', 'adjusted-workday']),
  name: visibleText({ max: 100 }),
});

export const yearScheduleSchema = z.strictObject({
  status: z.enum(['official', 'provisional']),
  /** the notice it comes from, e.g. 国办发明电〔2026〕X号 or its URL */
  source: visibleText({ max: 500 }),
  days: z.array(scheduleDaySchema).max(366),
});
export type YearSchedule = z.infer<typeof yearScheduleSchema>;

/** Checks that need the year: dates inside it, no date twice, adjusted working days on weekends. */
export function checkScheduleForYear(year: number, schedule: YearSchedule): void {
  const problems: { path: string; message: string }[] = [];
  const seen = new Map<string, number>();
  schedule.days.forEach((d, i) => {
    if (yearOf(d.date) !== year)
      problems.push({ path: `days.${i}.date`, message: `${d.date} is not in ${year}` });
    const first = seen.get(d.date);
    if (first !== undefined) {
      problems.push({ path: `days.${i}.date`, message: `${d.date} is listed twice (also days.${first})` });
    } else {
      seen.set(d.date, i);
    }
    if (d.kind === 'adjusted-workday' && !isWeekend(d.date)) {
      problems.push({
        path: `days.${i}.kind`,
        message: `${d.date} is a weekday; only a weekend day can be an adjusted working day`,
      });
    }
  });
  if (problems.length > 0) {
    throw new AppError(
      'bad-request',
      `the ${year} schedule is invalid: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
      {
        details: { errors: problems },
      },
    );
  }
}

function withYear(sources: CalendarSources, year: number, schedule: YearSchedule): CalendarSources {
  const database = new Map([...sources.database].filter(([date]) => yearOf(date) !== year));
  for (const d of schedule.days)
    database.set(d.date, { kind: d.kind, name: d.name, source: schedule.source } satisfies DayOverride);
  const databaseYears = new Map(sources.databaseYears).set(year, schedule.status);
  return { ...sources, database, databaseYears };
}

const summary = (d: DayInfo) => ({ kind: d.kind, working: d.working, name: d.name, source: d.source });

export interface ScheduleChange {
  year: number;
  status: { before: string; after: string };
  days: { date: LocalDate; before: ReturnType<typeof summary>; after: ReturnType<typeof summary> }[];
  /** open deadlines whose due date the change moves (recomputing them on running instances is a later step) */
  affectedDeadlines: {
    id: string;
    processInstanceKey: string;
    projectCode: string | null;
    ruleId: string;
    dueDate: { before: LocalDate; after: LocalDate };
  }[];
}

export async function previewSchedule(
  ds: DataSource,
  service: CalendarService,
  year: number,
  schedule: YearSchedule,
  now: Date,
): Promise<ScheduleChange> {
  checkScheduleForYear(year, schedule);
  const { calendar: before, sources } = await service.current();
  const after = new WorkCalendar(withYear(sources, year, schedule));
  const days: ScheduleChange['days'] = [];
  for (let d = `${year}-01-01`; yearOf(d) === year; d = addDays(d, 1)) {
    const [b, a] = [before.dayInfo(d), after.dayInfo(d)];
    if (b.working !== a.working || b.kind !== a.kind || b.name !== a.name)
      days.push({ date: d, before: summary(b), after: summary(a) });
  }
  const affectedDeadlines: ScheduleChange['affectedDeadlines'] = [];
  for (const open of await openDeadlines(ds, now)) {
    const rule = deadlineRuleSchema.safeParse(open.rule);
    if (!rule.success) continue;
    // moved by this change, not by an earlier one: a deadline computed under a schedule that was
    // replaced since (its stored date differs from today's calendar) is not this change's doing
    const moved = computeDeadline(after, open.startAt, rule.data);
    if (moved.dueDate !== computeDeadline(before, open.startAt, rule.data).dueDate) {
      affectedDeadlines.push({
        id: open.id,
        processInstanceKey: open.processInstanceKey,
        projectCode: open.projectCode,
        ruleId: open.ruleId,
        dueDate: { before: open.dueDate, after: moved.dueDate },
      });
    }
  }
  return {
    year,
    status: { before: before.yearStatus(year), after: schedule.status },
    days,
    affectedDeadlines,
  };
}

export async function applySchedule(
  ds: DataSource,
  service: CalendarService,
  year: number,
  schedule: YearSchedule,
  actor: string,
  now: Date,
): Promise<ScheduleChange> {
  const change = await previewSchedule(ds, service, year, schedule, now);
  await ds.transaction(async (tx) => {
    const years = tx.getRepository(CalendarYearEntity);
    const dayRepo = tx.getRepository(CalendarDayEntity);
    const previousYear = await years.findOneBy({ year });
    const previousDays = await dayRepo.find({ where: { year }, order: { day: 'ASC' } });
    await dayRepo.delete({ year });
    await years.save({
      year,
      status: schedule.status,
      source: schedule.source,
      updatedBy: actor,
      updatedAt: now,
    });
    if (schedule.days.length > 0) {
      await dayRepo.insert(
        schedule.days.map((d) => ({
          day: d.date,
          year,
          kind: d.kind,
          name: d.name,
          source: schedule.source,
        })),
      );
    }
    await appendAudit(tx, {
      at: now,
      actor,
      action: 'calendar.year.replace',
      entityType: 'calendar_year',
      entityId: String(year),
      beforeState: previousYear ? { ...previousYear, days: previousDays } : null,
      afterState: { year, status: schedule.status, source: schedule.source, days: schedule.days },
    });
  });
  service.invalidate();
  return change;
}
