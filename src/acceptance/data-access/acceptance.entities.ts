import { EntitySchema } from 'typeorm';
import { localDateTransformer } from '../../shared/db/columns';

/** The outcome of one checklist item of the final acceptance (M19, M23, M25, M26, archives). */
export interface ChecklistItemResult {
  compliant: boolean | null;
  note: string | null;
}

/** A project's acceptance (M17, M19, M20): one row per project, written by the `acceptance` process. */
export interface ProjectAcceptanceRow {
  projectCode: string;
  departmentCode: string;
  /** YYYY-MM-DD: the 6-month application period (M17) counts from it */
  preliminaryAcceptedOn: string;
  preliminarySummary: string;
  /** refused final acceptance attempts, and the reasons of the last one */
  refusals: number;
  lastRefusalKey: string | null;
  lastRefusalReasons: string | null;
  finalAcceptedAt: Date | null;
  /** YYYY-MM-DD, Asia/Shanghai */
  finalAcceptanceDate: string | null;
  /** YYYY-MM-DD: the day 3 years after final acceptance, when the free O&M period ends (M20) */
  omFreeUntil: string | null;
  checklist: Record<string, ChecklistItemResult> | null;
  acceptanceOpinion: string | null;
  /** M20: the summary report and acceptance opinion filed with the EIB */
  reportFiledAt: Date | null;
  reportFilingSummary: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export const ProjectAcceptanceEntity = new EntitySchema<ProjectAcceptanceRow>({
  name: 'ProjectAcceptance',
  tableName: 'project_acceptance',
  columns: {
    projectCode: { type: 'varchar', length: 32, primary: true, name: 'project_code' },
    departmentCode: { type: 'varchar', length: 32, name: 'department_code' },
    preliminaryAcceptedOn: {
      type: 'date',
      name: 'preliminary_accepted_on',
      transformer: localDateTransformer,
    },
    preliminarySummary: { type: 'varchar', length: 2000, name: 'preliminary_summary' },
    refusals: { type: 'int', default: 0 },
    lastRefusalKey: { type: 'bigint', name: 'last_refusal_key', nullable: true },
    lastRefusalReasons: { type: 'varchar', length: 4000, name: 'last_refusal_reasons', nullable: true },
    finalAcceptedAt: { type: 'datetime', precision: 3, name: 'final_accepted_at', nullable: true },
    finalAcceptanceDate: {
      type: 'date',
      name: 'final_acceptance_date',
      nullable: true,
      transformer: localDateTransformer,
    },
    omFreeUntil: { type: 'date', name: 'om_free_until', nullable: true, transformer: localDateTransformer },
    checklist: { type: 'simple-json', nullable: true },
    acceptanceOpinion: { type: 'varchar', length: 4000, name: 'acceptance_opinion', nullable: true },
    reportFiledAt: { type: 'datetime', precision: 3, name: 'report_filed_at', nullable: true },
    reportFilingSummary: { type: 'varchar', length: 2000, name: 'report_filing_summary', nullable: true },
    createdAt: { type: 'datetime', precision: 3, name: 'created_at' },
    updatedAt: { type: 'datetime', precision: 3, name: 'updated_at' },
  },
});

export type SettlementReviewRoute = 'financial-review' | 'audit';

/** A project's settlement and its financial review or audit (M21): one row per project. */
export interface ProjectSettlementRow {
  projectCode: string;
  departmentCode: string;
  /** yuan, exact: DECIMAL(14,2) as strings, never floats */
  settledAmount: string;
  approvedAmount: string;
  /** YYYY-MM-DD */
  settlementDate: string;
  finalAcceptedAt: Date;
  /** the later of final acceptance and settlement: the 2 months of M21 count from it */
  reviewClockStart: Date;
  reviewRoute: SettlementReviewRoute | null;
  reviewOpinion: string | null;
  reviewedAmount: string | null;
  reviewedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export const ProjectSettlementEntity = new EntitySchema<ProjectSettlementRow>({
  name: 'ProjectSettlement',
  tableName: 'project_settlement',
  columns: {
    projectCode: { type: 'varchar', length: 32, primary: true, name: 'project_code' },
    departmentCode: { type: 'varchar', length: 32, name: 'department_code' },
    settledAmount: { type: 'decimal', precision: 14, scale: 2, name: 'settled_amount' },
    approvedAmount: { type: 'decimal', precision: 14, scale: 2, name: 'approved_amount' },
    settlementDate: { type: 'date', name: 'settlement_date', transformer: localDateTransformer },
    finalAcceptedAt: { type: 'datetime', precision: 3, name: 'final_accepted_at' },
    reviewClockStart: { type: 'datetime', precision: 3, name: 'review_clock_start' },
    reviewRoute: { type: 'varchar', length: 20, name: 'review_route', nullable: true },
    reviewOpinion: { type: 'varchar', length: 4000, name: 'review_opinion', nullable: true },
    reviewedAmount: { type: 'decimal', precision: 14, scale: 2, name: 'reviewed_amount', nullable: true },
    reviewedAt: { type: 'datetime', precision: 3, name: 'reviewed_at', nullable: true },
    createdAt: { type: 'datetime', precision: 3, name: 'created_at' },
    updatedAt: { type: 'datetime', precision: 3, name: 'updated_at' },
  },
});
