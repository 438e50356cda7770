import { EntitySchema } from 'typeorm';

/** A periodic progress report of a project under construction (M15), archived per project. */
export interface ProgressReportRow {
  id: string;
  projectCode: string;
  elementInstanceKey: string;
  /** DECIMAL(5,2) as a string, 0–100 */
  progressPercent: string;
  summary: string;
  issues: string | null;
  majorInvestmentLoss: boolean;
  reportedAt: Date;
}

export const ProgressReportEntity = new EntitySchema<ProgressReportRow>({
  name: 'ConstructionProgressReport',
  tableName: 'construction_progress_report',
  columns: {
    id: { type: 'bigint', primary: true, generated: 'increment' },
    projectCode: { type: 'varchar', length: 32, name: 'project_code' },
    elementInstanceKey: { type: 'bigint', name: 'element_instance_key' },
    progressPercent: { type: 'decimal', precision: 5, scale: 2, name: 'progress_percent' },
    summary: { type: 'text' },
    issues: { type: 'text', nullable: true },
    majorInvestmentLoss: { type: 'boolean', name: 'major_investment_loss' },
    reportedAt: { type: 'datetime', precision: 3, name: 'reported_at' },
  },
});

/**
 * A recorded step of the construction's supervision: the M18 handling of a serious delay or a major
 * investment loss (report, rectification order, rectification report, assessment, sanction) and how
 * the construction ended.
 */
export type ConstructionRecordKind =
  | 'm18-reported'
  | 'rectification-ordered'
  | 'rectification-reported'
  | 'rectification-assessed'
  | 'sanction-decided'
  | 'construction-completed'
  | 'construction-terminated';

export interface ConstructionRecordRow {
  id: string;
  projectCode: string;
  /** the recording task's execution: a redelivered job finds its row and writes nothing */
  elementInstanceKey: string;
  kind: ConstructionRecordKind;
  details: Record<string, unknown>;
  recordedAt: Date;
}

export const ConstructionRecordEntity = new EntitySchema<ConstructionRecordRow>({
  name: 'ConstructionRecord',
  tableName: 'construction_record',
  columns: {
    id: { type: 'bigint', primary: true, generated: 'increment' },
    projectCode: { type: 'varchar', length: 32, name: 'project_code' },
    elementInstanceKey: { type: 'bigint', name: 'element_instance_key' },
    kind: { type: 'varchar', length: 32 },
    details: { type: 'json' },
    recordedAt: { type: 'datetime', precision: 3, name: 'recorded_at' },
  },
});
