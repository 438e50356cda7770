import { EntitySchema } from 'typeorm';

export type ReviewOutcome = 'pending' | 'passed' | 'failed';

/**
 * One round of the EIB's technical review of a project's materials (M11): received, then passed or
 * failed; the design contractor that prepared the materials is kept with the round, so that a
 * second failure (M11.5) is recorded against it.
 */
export interface ReviewRoundRow {
  id: string;
  projectCode: string;
  /** 1, 2, … over the project's whole review stage (a restart after two failures goes on counting) */
  roundNo: number;
  ruleSet: 'M' | 'T';
  receivedAt: Date;
  outcome: ReviewOutcome;
  decidedAt: Date | null;
  designerCreditCode: string | null;
}

/** A reviewer's written opinion on a round (M11.3: a failure comes with written feedback). */
export interface ReviewOpinionRow {
  id: string;
  reviewRoundId: string;
  agencyCode: string;
  author: string;
  opinion: string;
  createdAt: Date;
}

export const ReviewRoundEntity = new EntitySchema<ReviewRoundRow>({
  name: 'ReviewRound',
  tableName: 'review_round',
  columns: {
    id: { type: 'bigint', primary: true, generated: 'increment' },
    projectCode: { type: 'varchar', length: 32, name: 'project_code' },
    roundNo: { type: 'int', name: 'round_no' },
    ruleSet: { type: 'enum', enum: ['M', 'T'], name: 'rule_set' },
    receivedAt: { type: 'datetime', precision: 3, name: 'received_at' },
    outcome: { type: 'enum', enum: ['pending', 'passed', 'failed'] },
    decidedAt: { type: 'datetime', precision: 3, name: 'decided_at', nullable: true },
    designerCreditCode: { type: 'char', length: 18, name: 'designer_credit_code', nullable: true },
  },
  uniques: [{ name: 'ux_review_round', columns: ['projectCode', 'roundNo'] }],
});

export const ReviewOpinionEntity = new EntitySchema<ReviewOpinionRow>({
  name: 'ReviewOpinion',
  tableName: 'review_opinion',
  columns: {
    id: { type: 'bigint', primary: true, generated: 'increment' },
    reviewRoundId: { type: 'bigint', name: 'review_round_id' },
    agencyCode: { type: 'varchar', length: 32, name: 'agency_code' },
    author: { type: 'varchar', length: 64 },
    opinion: { type: 'text' },
    createdAt: { type: 'datetime', precision: 3, name: 'created_at' },
  },
});
