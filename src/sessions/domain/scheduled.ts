/**
 * The session date each scheduler computed last for a period, read as its process owner set it
 * (`sessionInterpretation`). session.next records it; the M7.4 carry-over reads it, so both agree on
 * when a plan opens.
 */
import type { DataSource } from 'typeorm';
import type { LocalDate } from '../../calendar/domain/local-date';
import type { SessionKind } from './kinds';

export async function recordScheduledSession(
  ds: DataSource,
  s: { kind: SessionKind; period: string; date: LocalDate; interpretation: string | null; now: Date },
): Promise<void> {
  await ds.query(
    `INSERT INTO session_schedule (session_kind, session_period, session_date, interpretation, computed_at)
     VALUES (?, ?, ?, ?, ?)
     ON DUPLICATE KEY UPDATE session_date = VALUES(session_date), interpretation = VALUES(interpretation),
       computed_at = VALUES(computed_at)`,
    [s.kind, s.period, s.date, s.interpretation, s.now],
  );
}

/** The dates recorded for a kind's sessions, by period. */
export async function scheduledSessionDates(
  ds: DataSource,
  kind: SessionKind,
): Promise<Map<string, LocalDate>> {
  const rows = (await ds.query(
    `SELECT session_period AS period, DATE_FORMAT(session_date, '%Y-%m-%d') AS date
       FROM session_schedule WHERE session_kind = ?`,
    [kind],
  )) as { period: string; date: LocalDate }[];
  return new Map(rows.map((r) => [r.period, r.date]));
}
