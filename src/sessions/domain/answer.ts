/**
 * A session's decision on one project goes back to the project's lifecycle (message correlated on
 * the project code) and is recorded on its batch row. Idempotent: a decision already delivered is
 * not sent again. The lifecycle owns the project's stage; this records the session's side. A pass
 * whose plan has already opened is carried over to the next plan (M7.4).
 */
import type { DataSource } from 'typeorm';
import type { WorkCalendar } from '../../calendar/domain/work-calendar';
import type { Notifier } from '../../notifications';
import { AppError } from '../../shared/errors';
import { carryOverPlanYear } from './carry-over';
import { sessionMessages, SessionKind } from './kinds';
import type { SessionMessaging } from './messaging';

export type SessionDecision =
  | {
      kind: typeof SessionKind.MonthlyPreReview;
      projectCode: string;
      round: number;
      passed: boolean;
      /** Chinese; required when failed */
      reasons: string | null;
      /** set when passed (M7.2/M7.4) */
      planYear: number | null;
    }
  | {
      kind: typeof SessionKind.AnnualPlan;
      projectCode: string;
      round: number;
      included: boolean;
      /** Chinese; required when excluded */
      reasons: string | null;
      planYear: number;
    };

/** The variables the lifecycle receives (the contract of HELPERS.md). */
export function messageVariables(d: SessionDecision): Record<string, unknown> {
  if (d.kind === SessionKind.MonthlyPreReview) {
    return {
      preReviewPassed: d.passed,
      preReviewReasons: d.passed ? null : d.reasons,
      planYear: d.passed ? d.planYear : null,
      preReviewRound: d.round,
    };
  }
  return {
    includedInPlan: d.included,
    planExclusionReason: d.included ? null : d.reasons,
    planYear: d.planYear,
  };
}

/** Refuses a decision the lifecycle could not act on, naming the variable (checked before anything is sent). */
export function checkDecision(d: SessionDecision): void {
  const passed = d.kind === SessionKind.MonthlyPreReview ? d.passed : d.included;
  if (!passed && !d.reasons?.trim()) {
    const variable = d.kind === SessionKind.MonthlyPreReview ? 'preReviewReasons' : 'planExclusionReason';
    throw new AppError(
      'bad-request',
      `${variable} is required when the project does not pass (${d.projectCode})`,
    );
  }
  if (d.kind === SessionKind.MonthlyPreReview && d.passed && d.planYear === null)
    throw new AppError(
      'bad-request',
      `planYear is required when the project passes pre-review (${d.projectCode})`,
    );
}

export type AnswerResult = 'answered' | 'already-answered';

export async function answerProject(
  ds: DataSource,
  messaging: SessionMessaging,
  decision: SessionDecision,
  now: Date,
  ctx: { calendar: WorkCalendar; notifier: Notifier },
): Promise<AnswerResult> {
  let d = decision;
  checkDecision(d);
  const [item] = (await ds.query(
    'SELECT id, decided_at FROM session_item WHERE session_kind = ? AND project_code = ? AND round = ?',
    [d.kind, d.projectCode, d.round],
  )) as { id: string; decided_at: Date | null }[];
  if (!item)
    throw new AppError(
      'bad-request',
      `project ${d.projectCode} round ${d.round} was not batched by a ${d.kind} session`,
    );
  if (item.decided_at) return 'already-answered';
  if (d.kind === SessionKind.MonthlyPreReview && d.passed && d.planYear !== null)
    d = { ...d, planYear: await carryOverPlanYear(ds, ctx, { ...d, planYear: d.planYear, now }) };
  const name = sessionMessages[d.kind].answers;
  const result = await messaging.correlate({
    name,
    correlationKey: d.projectCode,
    variables: messageVariables(d),
  });
  // retried (then an incident): the lifecycle may not have reached its receive task yet
  if (result === 'no-subscription')
    throw new Error(`no lifecycle of project ${d.projectCode} is waiting for ${name}`);
  const passed = d.kind === SessionKind.MonthlyPreReview ? d.passed : d.included;
  const outcome =
    d.kind === SessionKind.MonthlyPreReview
      ? passed
        ? 'passed'
        : 'failed'
      : passed
        ? 'included'
        : 'excluded';
  await ds.query(
    'UPDATE session_item SET outcome = ?, plan_year = ?, reasons = ?, decided_at = ? WHERE id = ? AND decided_at IS NULL',
    [outcome, d.planYear, passed ? null : d.reasons, now, item.id],
  );
  return 'answered';
}

/** The batch rows of a project, oldest first: its rounds and what each session decided. */
export async function sessionHistory(ds: DataSource, projectCode: string) {
  const rows = (await ds.query(
    `SELECT session_kind, session_period, round, outcome, plan_year, reasons, batched_at, decided_at
     FROM session_item WHERE project_code = ? ORDER BY id`,
    [projectCode],
  )) as Record<string, string | number | Date | null>[];
  return rows.map((r) => ({
    kind: String(r.session_kind) as SessionKind,
    period: String(r.session_period),
    round: Number(r.round),
    outcome: r.outcome === null ? null : String(r.outcome),
    planYear: r.plan_year === null ? null : Number(r.plan_year),
    reasons: r.reasons === null ? null : String(r.reasons),
    batchedAt: r.batched_at as Date,
    decidedAt: r.decided_at as Date | null,
  }));
}
