/**
 * When the sessions of M7.3 and M7.1 are held, on the working-day calendar in force:
 * - monthly pre-review (M7.3): "the Thursday of the 4th week" of the month (the calendar's reading,
 *   `fourth-thursday` by default, `fourth-week` on request), moved to the next working day when
 *   that day is not one; at 09:00 Asia/Shanghai;
 * - annual plan of year Y (M7.1, "every September"): the first working day after September's
 *   pre-review session, 09:00 Asia/Shanghai, so that the projects submitted by 31 August (M7.2) and
 *   passed in that session join next year's plan (M7.3); when no working day of September follows
 *   the session, September's last working day.
 * The session scheduler asks for the next session of a period and waits until it is due or until it
 * should look again (so a calendar change made while it waits still moves the session).
 */
import { addDays, addMonths, shanghaiTime, type LocalDate } from '../../calendar/domain/local-date';
import { preReviewSessionDate, type SessionInterpretation } from '../../calendar/domain/rules';
import type { WorkCalendar } from '../../calendar/domain/work-calendar';
import { SessionKind } from './kinds';

export const SESSION_HOUR = 9;

export interface SessionSlot {
  kind: SessionKind;
  /** the month (YYYY-MM) of a pre-review, the year (YYYY) of an annual plan */
  period: string;
  /** the day the rule names, before any move to a working day */
  nominalDate: string;
  /** the day the session is held */
  date: string;
  /** 09:00 Asia/Shanghai on that day */
  at: Date;
  moved: boolean;
  provisional: boolean;
}

export function sessionSlot(
  calendar: WorkCalendar,
  kind: SessionKind,
  period: string,
  interpretation?: SessionInterpretation,
): SessionSlot {
  if (kind === SessionKind.MonthlyPreReview) {
    const s = preReviewSessionDate(calendar, period, interpretation);
    return {
      kind,
      period,
      nominalDate: s.nominal,
      date: s.date,
      at: shanghaiTime(s.date, SESSION_HOUR),
      moved: s.moved,
      provisional: s.provisional,
    };
  }
  const september = preReviewSessionDate(calendar, `${period}-09`, interpretation);
  const nominalDate = addDays(september.date, 1);
  const next = calendar.isWorkingDay(nominalDate) ? nominalDate : calendar.nextWorkingDay(nominalDate);
  const date = next.startsWith(`${period}-09`) ? next : lastWorkingDayOfSeptember(calendar, period);
  return {
    kind,
    period,
    nominalDate,
    date,
    at: shanghaiTime(date, SESSION_HOUR),
    moved: date !== nominalDate,
    provisional: september.provisional || calendar.isProvisional(date),
  };
}

function lastWorkingDayOfSeptember(calendar: WorkCalendar, year: string): LocalDate {
  let day = `${year}-09-30`;
  while (!calendar.isWorkingDay(day)) day = addDays(day, -1);
  return day;
}

/** The period after `period`: the next month, or the next year. */
export function nextPeriod(kind: SessionKind, period: string): string {
  if (kind === SessionKind.MonthlyPreReview) return addMonths(`${period}-01`, 1).slice(0, 7);
  return String(Number(period) + 1);
}

/** The period `now` falls in (Asia/Shanghai). */
function periodAt(kind: SessionKind, now: Date): string {
  const shanghai = new Date(now.getTime() + 8 * 3_600_000).toISOString();
  return kind === SessionKind.MonthlyPreReview ? shanghai.slice(0, 7) : shanghai.slice(0, 4);
}

export interface NextSession extends SessionSlot {
  /** the session's instant has come: open it now */
  due: boolean;
  /** when the scheduler should look again: the session's instant, or earlier to notice calendar changes */
  wakeAt: Date;
}

/**
 * The session of `period`, or — when the scheduler starts without one — the first session that has
 * not begun yet. `due` once its instant has passed (a late scheduler still opens it, late).
 */
export function nextSession(
  calendar: WorkCalendar,
  kind: SessionKind,
  opts: { period?: string; now: Date; recheckHours: number; interpretation?: SessionInterpretation },
): NextSession {
  let slot: SessionSlot;
  if (opts.period) {
    slot = sessionSlot(calendar, kind, opts.period, opts.interpretation);
  } else {
    slot = sessionSlot(calendar, kind, periodAt(kind, opts.now), opts.interpretation);
    if (slot.at.getTime() <= opts.now.getTime())
      slot = sessionSlot(calendar, kind, nextPeriod(kind, slot.period), opts.interpretation);
  }
  const due = slot.at.getTime() <= opts.now.getTime();
  const recheck = opts.now.getTime() + opts.recheckHours * 3_600_000;
  return { ...slot, due, wakeAt: new Date(due ? opts.now.getTime() : Math.min(slot.at.getTime(), recheck)) };
}
