/**
 * `npm run --silent calendar -- <command>` — the working-day calendar without a running stack.
 * Uses the database at DATABASE_URL when it answers (administrators' schedules included),
 * otherwise the package data and the weekday rule, and says which on stderr. One line on stdout.
 *
 *   add YYYY-MM-DD N            the due date N working days after the date
 *   is-working-day YYYY-MM-DD   true | false
 *   pre-review-date YYYY-MM     the monthly pre-review session date (M7.3, default interpretation)
 *   plan-year YYYY-MM-DD        the plan year a submission on that date joins (M7.2, M7.4)
 */
import { CalendarService, parseLocalDate, planYear, preReviewSessionDate } from '../src/calendar';
import { loadConfig } from '../src/shared/config';
import { createDataSource } from '../src/shared/db';

const usage =
  'usage: calendar add YYYY-MM-DD N | is-working-day YYYY-MM-DD | pre-review-date YYYY-MM | plan-year YYYY-MM-DD';

async function main(): Promise<number> {
  const [command, arg, n] = process.argv.slice(2);
  if (!command || !arg) {
    console.error(usage);
    return 2;
  }
  if (command === 'plan-year') {
    console.log(planYear(parseLocalDate(arg)));
    return 0;
  }

  const ds = createDataSource(loadConfig().DATABASE_URL);
  ds.setOptions({ extra: { connectTimeout: 2_000 } });
  let service: CalendarService;
  try {
    await ds.initialize();
    service = new CalendarService(ds);
    await service.current();
    console.error(
      `calendar: database ${ds.options.database} (administrators' schedules), package data, weekday rule`,
    );
  } catch (e) {
    console.error(
      `calendar: database not usable (${(e as Error).message.split('\n')[0]}); using the package data and the weekday rule`,
    );
    service = new CalendarService(undefined);
  }
  try {
    const calendar = await service.calendarInForce();
    switch (command) {
      case 'add': {
        const days = Number(n);
        if (n === undefined || !/^\d+$/.test(n))
          throw new Error(`N must be a whole number ≥ 0, got "${n ?? ''}"`);
        const from = parseLocalDate(arg);
        const due = calendar.addWorkingDays(from, days);
        if (calendar.anyProvisional(from, due))
          console.error(`calendar: warning: ${due} uses a provisional year`);
        console.log(due);
        return 0;
      }
      case 'is-working-day':
        console.log(String(calendar.isWorkingDay(parseLocalDate(arg))));
        return 0;
      case 'pre-review-date': {
        if (!/^\d{4}-\d{2}$/.test(arg)) throw new Error(`"${arg}" is not a month of the form YYYY-MM`);
        const session = preReviewSessionDate(calendar, arg);
        if (session.moved)
          console.error(`calendar: ${session.nominal} is not a working day; moved to ${session.date}`);
        console.log(session.date);
        return 0;
      }
      default:
        console.error(usage);
        return 2;
    }
  } finally {
    if (ds.isInitialized) await ds.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`calendar: ${(e as Error).message}`);
    process.exit(2);
  },
);
