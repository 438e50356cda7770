/**
 * /api/calendar — the working-day calendar for officers and other systems, and the schedule
 * upload for calendar administrators. Routes only parse, call the domain and map the result.
 */
import { Router } from 'express';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { requireRole } from '../../shared/auth';
import { AppError } from '../../shared/errors';
import { parseInput } from '../../shared/http';
import { Role } from '../../users';
import type { CalendarService } from '../domain/calendar-service';
import { calendarDate } from '../../shared/validation';
import { addDays, endOfShanghaiDay, yearOf } from '../domain/local-date';
import { preReviewSessionDate } from '../domain/rules';
import { applySchedule, previewSchedule, yearParamSchema, yearScheduleSchema } from '../domain/schedule';
import { CalendarRangeError, MAX_YEAR, MIN_YEAR } from '../domain/work-calendar';

const inRange = (d: string) => yearOf(d) >= MIN_YEAR && yearOf(d) <= MAX_YEAR;
const supportedDate = calendarDate.refine(inRange, `must be between ${MIN_YEAR}-01-01 and ${MAX_YEAR}-12-31`);

const addQuery = z.strictObject({
  from: supportedDate,
  days: z.coerce
    .number()
    .int('days must be a whole number')
    .min(0, 'days must be ≥ 0')
    .max(2_000, 'days must be ≤ 2000'),
});
const sessionQuery = z.strictObject({
  interpretation: z.enum(['fourth-thursday', 'fourth-week']).optional(),
});

export function calendarRouter(deps: { dataSource: DataSource; calendar: CalendarService }): Router {
  const router = Router();

  router.get('/days/:date', async (req, res) => {
    const date = parseInput(supportedDate, req.params.date, 'date');
    res.json((await deps.calendar.calendarInForce()).dayInfo(date));
  });

  router.get('/working-days/add', async (req, res) => {
    const q = parseInput(addQuery, req.query, 'query');
    const calendar = await deps.calendar.calendarInForce();
    try {
      const due = calendar.addWorkingDays(q.from, q.days);
      res.json({
        from: q.from,
        days: q.days,
        due,
        dueAt: endOfShanghaiDay(due).toISOString(),
        provisional: calendar.anyProvisional(q.from, due),
      });
    } catch (e) {
      if (e instanceof CalendarRangeError) throw new AppError('bad-request', e.message);
      throw e;
    }
  });

  router.get('/years/:year', async (req, res) => {
    const year = parseInput(yearParamSchema, req.params.year, 'year');
    const calendar = await deps.calendar.calendarInForce();
    const days = [];
    for (let d = `${year}-01-01`; yearOf(d) === year; d = addDays(d, 1)) days.push(calendar.dayInfo(d));
    res.json({
      year,
      status: calendar.yearStatus(year),
      workingDays: days.filter((d) => d.working).length,
      days,
    });
  });

  router.get('/pre-review-sessions/:month', async (req, res) => {
    const month = parseInput(
      z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month YYYY-MM'),
      req.params.month,
      'month',
    );
    if (!inRange(`${month}-01`))
      throw new AppError('bad-request', `month must be between ${MIN_YEAR}-01 and ${MAX_YEAR}-12`);
    const { interpretation } = parseInput(sessionQuery, req.query, 'query');
    res.json({
      month,
      ...preReviewSessionDate(await deps.calendar.calendarInForce(), month, interpretation),
    });
  });

  const admin = requireRole(Role.CalendarAdmin, Role.Administrator);

  router.post('/years/:year/preview', admin, async (req, res) => {
    const year = parseInput(yearParamSchema, req.params.year, 'year');
    const schedule = parseInput(yearScheduleSchema, req.body, 'schedule');
    res.json(await previewSchedule(deps.dataSource, deps.calendar, year, schedule, new Date()));
  });

  router.put('/years/:year', admin, async (req, res) => {
    const year = parseInput(yearParamSchema, req.params.year, 'year');
    const schedule = parseInput(yearScheduleSchema, req.body, 'schedule');
    res.json(
      await applySchedule(deps.dataSource, deps.calendar, year, schedule, req.user!.username, new Date()),
    );
  });

  return router;
}
