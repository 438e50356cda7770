/**
 * The EIB's technical review of a project's materials (M11.1–M11.5), as the registry keeps it: one
 * row per round (received, then passed or failed, with the design contractor that prepared the
 * materials) and the reviewer's written opinion. The process decides which round is a first or a
 * second review; these functions record it, each once (a job delivered twice finds its row).
 *
 * Reading note (项目建筑设计企业, see docs/rules): revising and re-preparing the materials are the
 * owning department's tasks; the design contractor is recorded with each round, and a second
 * failure (M11.5) is recorded against it.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { appendAudit } from '../../audit';
import { shanghaiDateOf } from '../../calendar';
import { AppError } from '../../shared/errors';
import { ProjectUnitEntity } from '../../units/data-access/unit.entities';
import { activeDishonestEntities } from '../../units';
import {
  ReviewOpinionEntity,
  ReviewRoundEntity,
  type ReviewOpinionRow,
  type ReviewRoundRow,
} from '../data-access/review.entities';
import { roundRefusal } from './rounds';

/** A review round is a first review (M11.1) or the second review of revised materials (M11.4). */
export const ReviewKind = { First: 'first', Second: 'second' } as const;
export type ReviewKind = (typeof ReviewKind)[keyof typeof ReviewKind];

export const reviewRule: Record<ReviewKind, string> = { first: 'M11.1', second: 'M11.4' };
/** T22: a round under the 2020 measures */
const T_REVIEW_RULE = 'T22';
/** M11.5: failing twice sends the materials back to be prepared anew, recorded against the designer */
export const REPREPARE_RULE = 'M11.5';

const MIN_OPINION = 4;

export interface ReviewDecision {
  passed: boolean;
  opinion: string;
}

/**
 * Validates a reviewer's decision: passed or not, and always the written opinion (M11.2 the report
 * rests on it, M11.3 the feedback is it). Names the variable that is wrong.
 */
export function evaluateReviewDecision(v: {
  reviewPassed?: unknown;
  reviewOpinion?: unknown;
}): ReviewDecision {
  if (typeof v.reviewPassed !== 'boolean')
    throw new AppError('bad-request', 'reviewPassed must be true (passed) or false (failed)');
  const opinion = typeof v.reviewOpinion === 'string' ? v.reviewOpinion.trim() : '';
  if (opinion.length < MIN_OPINION)
    throw new AppError(
      'bad-request',
      `reviewOpinion is required: the written review opinion (at least ${MIN_OPINION} characters)`,
    );
  return { passed: v.reviewPassed, opinion };
}

async function projectExists(tx: EntityManager, code: string): Promise<void> {
  const rows = (await tx.query('SELECT 1 FROM project WHERE code = ?', [code])) as unknown[];
  if (rows.length === 0) throw new AppError('not-found', `no project ${code} in the registry`);
}

/** Clocks of the department's system and ours may differ a little; beyond this a date is wrong. */
const CLOCK_TOLERANCE_MS = 5 * 60_000;

/**
 * M11.1 counts from the receipt of the materials, so the clock cannot start in the future: a
 * receipt dated later than now (beyond clock drift) is bad input, refused naming the variable.
 */
export function checkReceivedAt(receivedAt: Date, now: Date): void {
  if (receivedAt.getTime() > now.getTime() + CLOCK_TOLERANCE_MS)
    throw new AppError(
      'bad-request',
      `materialsReceivedAt (材料接收时间) ${receivedAt.toISOString()} is later than now (${now.toISOString()}): ` +
        'the review clock cannot start in the future; set materialsReceivedAt to when the EIB received the materials ' +
        '(or null to count from now)',
    );
}

/**
 * Opens round `roundNo` of the project's review, received at `receivedAt` (not in the future), with
 * the project's current designer. A designer on the dishonest-entity list may not prepare review
 * materials: the job then fails with what to do (change the designer, then retry). Under the
 * current rules the round's `kind` must follow from the earlier outcomes: no third review of the
 * same materials (M11.5), no fresh start after a single failure (M11.4).
 */
export async function openReviewRound(
  ds: DataSource,
  input: {
    projectCode: string;
    roundNo: number;
    ruleSet: 'M' | 'T';
    /** first or second review (M rounds); the 2020 rules have no such sequence */
    kind?: ReviewKind;
    receivedAt: Date;
    now: Date;
  },
): Promise<ReviewRoundRow> {
  checkReceivedAt(input.receivedAt, input.now);
  const designer = await ds
    .getRepository(ProjectUnitEntity)
    .findOneBy({ projectCode: input.projectCode, role: 'designer' });
  if (designer) {
    const listed = (await activeDishonestEntities(ds, shanghaiDateOf(input.now))).find(
      (d) => d.creditCode === designer.creditCode,
    );
    if (listed)
      throw new AppError(
        'conflict',
        `设计单位 ${listed.name}（${listed.creditCode}）在失信名单上（${listed.reason}），不得编制评审材料；` +
          `请部门更换设计单位（PUT /api/projects/${input.projectCode}/units/designer）后重试 / the designer is on the dishonest-entity list`,
      );
  }
  return ds.transaction(async (tx) => {
    await projectExists(tx, input.projectCode);
    const rounds = tx.getRepository(ReviewRoundEntity);
    const existing = await rounds.findOneBy({ projectCode: input.projectCode, roundNo: input.roundNo });
    if (existing) return existing;
    if (input.kind) {
      const earlier = await rounds.find({
        where: { projectCode: input.projectCode, ruleSet: input.ruleSet },
        order: { roundNo: 'ASC' },
      });
      const refusal = roundRefusal(
        earlier.map((r) => r.outcome),
        input.kind,
      );
      if (refusal)
        throw new AppError(
          'conflict',
          `${refusal}（项目 ${input.projectCode}，第 ${input.roundNo} 轮）/ review round ${input.roundNo} of kind ${input.kind} may not open`,
        );
    }
    const row = {
      projectCode: input.projectCode,
      roundNo: input.roundNo,
      ruleSet: input.ruleSet,
      receivedAt: input.receivedAt,
      outcome: 'pending' as const,
      decidedAt: null,
      designerCreditCode: designer?.creditCode ?? null,
    };
    await rounds.insert(row);
    await appendAudit(tx, {
      at: input.now,
      actor: 'process',
      action: 'project.review.round-opened',
      entityType: 'project',
      entityId: input.projectCode,
      beforeState: null,
      afterState: {
        rule: input.ruleSet === 'T' ? T_REVIEW_RULE : reviewRule[input.kind ?? 'first'],
        roundNo: input.roundNo,
        receivedAt: input.receivedAt.toISOString(),
        designerCreditCode: row.designerCreditCode,
      },
    });
    return rounds.findOneByOrFail({ projectCode: input.projectCode, roundNo: input.roundNo });
  });
}

/**
 * Records the decision on a round with its opinion. The second failure in a row (`kind` second)
 * is recorded against the round's designer (M11.5): in the project's timeline and the unit's.
 * A round already decided is left as it is and answered again.
 */
export async function decideReviewRound(
  ds: DataSource,
  input: {
    projectCode: string;
    roundNo: number;
    kind: ReviewKind;
    decision: ReviewDecision;
    author: string;
    now: Date;
  },
): Promise<{ round: ReviewRoundRow; designerFailed: boolean }> {
  return ds.transaction(async (tx) => {
    const rounds = tx.getRepository(ReviewRoundEntity);
    const round = await rounds.findOne({
      where: { projectCode: input.projectCode, roundNo: input.roundNo },
      lock: { mode: 'pessimistic_write' },
    });
    if (!round)
      throw new AppError('not-found', `project ${input.projectCode} has no review round ${input.roundNo}`);
    const designerFailed = (r: ReviewRoundRow) => input.kind === 'second' && r.outcome === 'failed';
    if (round.outcome !== 'pending') return { round, designerFailed: designerFailed(round) };
    const outcome = input.decision.passed ? ('passed' as const) : ('failed' as const);
    await rounds.update({ id: round.id }, { outcome, decidedAt: input.now });
    await tx.getRepository(ReviewOpinionEntity).insert({
      reviewRoundId: round.id,
      agencyCode: 'eib',
      author: input.author.slice(0, 64),
      opinion: input.decision.opinion,
      createdAt: input.now,
    });
    const rule = round.ruleSet === 'T' ? T_REVIEW_RULE : reviewRule[input.kind];
    await appendAudit(tx, {
      at: input.now,
      actor: 'process',
      action: 'project.review.decided',
      entityType: 'project',
      entityId: input.projectCode,
      beforeState: null,
      afterState: { rule, roundNo: input.roundNo, outcome, opinion: input.decision.opinion },
    });
    const decided = { ...round, outcome, decidedAt: input.now };
    if (designerFailed(decided)) {
      const failure = {
        rule: REPREPARE_RULE,
        roundNo: input.roundNo,
        designerCreditCode: round.designerCreditCode,
        reason: '两次技术评审未通过，评审材料须重新编制（费用由设计单位承担）',
      };
      await appendAudit(tx, {
        at: input.now,
        actor: 'process',
        action: 'project.review.designer-failed',
        entityType: 'project',
        entityId: input.projectCode,
        beforeState: null,
        afterState: failure,
      });
      if (round.designerCreditCode)
        await appendAudit(tx, {
          at: input.now,
          actor: 'process',
          action: 'unit.review-failed-twice',
          entityType: 'unit',
          entityId: round.designerCreditCode,
          beforeState: null,
          afterState: { ...failure, projectCode: input.projectCode },
        });
    }
    return { round: decided, designerFailed: designerFailed(decided) };
  });
}

export interface ReviewRoundView extends Omit<ReviewRoundRow, 'id'> {
  opinions: Pick<ReviewOpinionRow, 'agencyCode' | 'author' | 'opinion' | 'createdAt'>[];
}

/** The project's review rounds, oldest first, each with its opinions. */
export async function reviewsOfProject(ds: DataSource, projectCode: string): Promise<ReviewRoundView[]> {
  const rounds = await ds
    .getRepository(ReviewRoundEntity)
    .find({ where: { projectCode }, order: { roundNo: 'ASC' } });
  if (rounds.length === 0) return [];
  const opinions = await ds
    .getRepository(ReviewOpinionEntity)
    .createQueryBuilder('o')
    .where('o.reviewRoundId IN (:...ids)', { ids: rounds.map((r) => r.id) })
    .orderBy('o.id', 'ASC')
    .getMany();
  return rounds.map(({ id, ...round }) => ({
    ...round,
    opinions: opinions
      .filter((o) => o.reviewRoundId === id)
      .map(({ agencyCode, author, opinion, createdAt }) => ({ agencyCode, author, opinion, createdAt })),
  }));
}
