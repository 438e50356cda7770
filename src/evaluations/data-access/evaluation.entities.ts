import { EntitySchema } from 'typeorm';
import { localDateTransformer } from '../../shared/db/columns';

/** Grades of a performance evaluation (优/良/中/差). */
export type EvaluationGrade = 'excellent' | 'good' | 'fair' | 'poor';
/** self-evaluated: the department reported; finance-evaluated: Finance decided (key project or not); missing: the window closed. */
export type EvaluationStatus = 'self-evaluated' | 'finance-evaluated' | 'missing';

/** The performance evaluation of a project (M22.1, M22.2): one row per project. */
export interface PerformanceEvaluationRow {
  id: string;
  projectCode: string;
  departmentCode: string;
  finalAcceptedAt: Date;
  /** the self-evaluation window: months 12–24 after final acceptance (end of the day, Asia/Shanghai) */
  windowOpensAt: Date;
  windowClosesAt: Date;
  status: EvaluationStatus;
  selfGrade: EvaluationGrade | null;
  selfScore: number | null;
  reportSummary: string | null;
  reportReference: string | null;
  /** the report in the document store (type performance-evaluation-report, its latest version when recorded) */
  reportDocumentId: string | null;
  /** when the department's self-evaluation report was recorded */
  reportedAt: Date | null;
  /** Finance's decision: a key project is evaluated by Finance (null until Finance decided) */
  keyProject: boolean | null;
  financeGrade: EvaluationGrade | null;
  financeOpinion: string | null;
  /** M22.2: rectification opinions, if any */
  rectificationOpinions: string | null;
  financeEvaluatedAt: Date | null;
  /** the grade that counts for O&M and MLPS funding: Finance's for a key project, else the department's */
  finalGrade: EvaluationGrade | null;
  processInstanceKey: string;
  createdAt: Date;
  updatedAt: Date;
}

export const PerformanceEvaluationEntity = new EntitySchema<PerformanceEvaluationRow>({
  name: 'PerformanceEvaluation',
  tableName: 'performance_evaluation',
  columns: {
    id: { type: 'bigint', primary: true, generated: 'increment' },
    projectCode: { type: 'varchar', length: 32, name: 'project_code', unique: true },
    departmentCode: { type: 'varchar', length: 32, name: 'department_code' },
    finalAcceptedAt: { type: 'datetime', precision: 3, name: 'final_accepted_at' },
    windowOpensAt: { type: 'datetime', precision: 3, name: 'window_opens_at' },
    windowClosesAt: { type: 'datetime', precision: 3, name: 'window_closes_at' },
    status: { type: 'varchar', length: 20 },
    selfGrade: { type: 'varchar', length: 10, name: 'self_grade', nullable: true },
    selfScore: { type: 'smallint', name: 'self_score', nullable: true },
    reportSummary: { type: 'varchar', length: 4000, name: 'report_summary', nullable: true },
    reportReference: { type: 'varchar', length: 100, name: 'report_reference', nullable: true },
    reportDocumentId: { type: 'bigint', name: 'report_document_id', nullable: true },
    reportedAt: { type: 'datetime', precision: 3, name: 'reported_at', nullable: true },
    keyProject: { type: 'boolean', name: 'key_project', nullable: true },
    financeGrade: { type: 'varchar', length: 10, name: 'finance_grade', nullable: true },
    financeOpinion: { type: 'varchar', length: 4000, name: 'finance_opinion', nullable: true },
    rectificationOpinions: {
      type: 'varchar',
      length: 4000,
      name: 'rectification_opinions',
      nullable: true,
    },
    financeEvaluatedAt: { type: 'datetime', precision: 3, name: 'finance_evaluated_at', nullable: true },
    finalGrade: { type: 'varchar', length: 10, name: 'final_grade', nullable: true },
    processInstanceKey: { type: 'bigint', name: 'process_instance_key' },
    createdAt: { type: 'datetime', precision: 3, name: 'created_at' },
    updatedAt: { type: 'datetime', precision: 3, name: 'updated_at' },
  },
});

export type OmFundingMode = 'unified' | 'self-applied';
export type OmFundingOutcome = 'approved' | 'refused';

/** A project's O&M funding after its free period (M20, M27): one row per project. */
export interface OmFundingRow {
  id: string;
  projectCode: string;
  departmentCode: string;
  /** YYYY-MM-DD: the free O&M period (M20) runs until this day; special O&M funds start on it */
  freeUntil: string;
  /** M27: 31 August of the year before the free period ends (end of the day) */
  applicationDueAt: Date;
  applicationSummary: string;
  appliedAt: Date;
  /** whether the application came after its deadline */
  late: boolean;
  /** the stored performance evaluation grade the application rests on */
  evaluationGrade: EvaluationGrade;
  mode: OmFundingMode | null;
  decision: OmFundingOutcome | null;
  eibOpinion: string | null;
  /** the department's own application (self-applied mode) */
  selfApplicationSummary: string | null;
  /** YYYY-MM-DD: the day special O&M funds start (= freeUntil, M20); null unless approved */
  fundingFrom: string | null;
  decidedAt: Date | null;
  processInstanceKey: string;
  createdAt: Date;
}

export const OmFundingEntity = new EntitySchema<OmFundingRow>({
  name: 'OmFunding',
  tableName: 'om_funding',
  columns: {
    id: { type: 'bigint', primary: true, generated: 'increment' },
    projectCode: { type: 'varchar', length: 32, name: 'project_code', unique: true },
    departmentCode: { type: 'varchar', length: 32, name: 'department_code' },
    freeUntil: { type: 'date', name: 'free_until', transformer: localDateTransformer },
    applicationDueAt: { type: 'datetime', precision: 3, name: 'application_due_at' },
    applicationSummary: { type: 'varchar', length: 4000, name: 'application_summary' },
    appliedAt: { type: 'datetime', precision: 3, name: 'applied_at' },
    late: { type: 'boolean' },
    evaluationGrade: { type: 'varchar', length: 10, name: 'evaluation_grade' },
    mode: { type: 'varchar', length: 20, nullable: true },
    decision: { type: 'varchar', length: 10, nullable: true },
    eibOpinion: { type: 'varchar', length: 4000, name: 'eib_opinion', nullable: true },
    selfApplicationSummary: {
      type: 'varchar',
      length: 4000,
      name: 'self_application_summary',
      nullable: true,
    },
    fundingFrom: {
      type: 'date',
      name: 'funding_from',
      nullable: true,
      transformer: localDateTransformer,
    },
    decidedAt: { type: 'datetime', precision: 3, name: 'decided_at', nullable: true },
    processInstanceKey: { type: 'bigint', name: 'process_instance_key' },
    createdAt: { type: 'datetime', precision: 3, name: 'created_at' },
  },
});
