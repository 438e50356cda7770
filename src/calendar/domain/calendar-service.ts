/**
 * The calendar in force, cached. API and workers run in separate processes, so a process notices
 * an administrator's change by a cheap signature query (at most every `recheckMs`) and rebuilds.
 * Without a database (the CLI when none answers) it serves the package data alone.
 */
import type { DataSource } from 'typeorm';
import { CalendarDayEntity, CalendarYearEntity } from '../data-access/calendar.entities';
import { packageDays, packageYears } from './package-data';
import type { DayOverride, YearStatus } from './types';
import { WorkCalendar, type CalendarSources } from './work-calendar';

let packageData: Pick<CalendarSources, 'packageDays' | 'packageYears'> | undefined;
function packageSources() {
  packageData ??= { packageDays: packageDays(), packageYears: packageYears() };
  return packageData;
}

export async function loadSources(ds: DataSource | undefined): Promise<CalendarSources> {
  const database = new Map<string, DayOverride>();
  const databaseYears = new Map<number, YearStatus>();
  if (ds) {
    for (const y of await ds.getRepository(CalendarYearEntity).find()) databaseYears.set(y.year, y.status);
    for (const d of await ds.getRepository(CalendarDayEntity).find()) {
      database.set(d.day, { kind: d.kind, name: d.name, source: d.source });
    }
  }
  return { database, databaseYears, ...packageSources() };
}

async function signature(ds: DataSource): Promise<string> {
  const [row] = (await ds.query('SELECT COUNT(*) AS n, MAX(updated_at) AS at FROM calendar_year')) as {
    n: string | number;
    at: Date | null;
  }[];
  return `${row?.n}:${row?.at ? new Date(row.at).getTime() : 0}`;
}

export class CalendarService {
  private calendar?: WorkCalendar;
  private sources?: CalendarSources;
  private signature?: string;
  private checkedAt = 0;

  constructor(
    private readonly ds: DataSource | undefined,
    private readonly recheckMs = 5_000,
  ) {}

  /** The calendar in force and the sources it was built from. */
  async current(): Promise<{ calendar: WorkCalendar; sources: CalendarSources }> {
    const now = Date.now();
    if (this.calendar && this.sources && now - this.checkedAt < this.recheckMs) {
      return { calendar: this.calendar, sources: this.sources };
    }
    const sig = this.ds ? await signature(this.ds) : 'package-only';
    this.checkedAt = now;
    if (!this.calendar || !this.sources || sig !== this.signature) {
      this.sources = await loadSources(this.ds);
      this.calendar = new WorkCalendar(this.sources);
      this.signature = sig;
    }
    return { calendar: this.calendar, sources: this.sources };
  }

  async calendarInForce(): Promise<WorkCalendar> {
    return (await this.current()).calendar;
  }

  /** Forces a rebuild on the next use (after this process changed the calendar). */
  invalidate(): void {
    this.calendar = undefined;
    this.sources = undefined;
  }
}
