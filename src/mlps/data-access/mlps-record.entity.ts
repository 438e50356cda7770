import { EntitySchema } from 'typeorm';
import { localDateTransformer } from '../../shared/db/columns';

/** builder: the first test, by the system's builder (M24.2); unified: the yearly unified test (M24.1); self: the department's own test when not admitted to unified testing */
export type MlpsTestKind = 'builder' | 'unified' | 'self';

/** One testing year of a system (project): its MLPS test, and the rectification and CAC check of a failed one (M24.1). */
export interface MlpsRecordRow {
  id: string;
  projectCode: string;
  departmentCode: string;
  /** the system's name (the project title), named in refusals */
  systemTitle: string;
  year: number;
  kind: MlpsTestKind;
  /** MLPS level: 2 (二级) or 3 (三级) */
  level: number;
  testPassed: boolean;
  tester: string;
  /** YYYY-MM-DD, the test report's date */
  reportDate: string;
  /** why the department was not admitted to unified testing (kind self) */
  notAdmittedReason: string | null;
  testedAt: Date;
  rectificationSummary: string | null;
  rectificationReportedAt: Date | null;
  /** the CAC check is due by then: 5 working days after the rectification report */
  checkDueAt: Date | null;
  /** when the check deadline passed without a check (the timer fired) */
  checkMissedAt: Date | null;
  checkPassed: boolean | null;
  checkOpinion: string | null;
  checkedAt: Date | null;
  processInstanceKey: string;
}

export const MlpsRecordEntity = new EntitySchema<MlpsRecordRow>({
  name: 'MlpsRecord',
  tableName: 'mlps_record',
  columns: {
    id: { type: 'bigint', primary: true, generated: 'increment' },
    projectCode: { type: 'varchar', length: 32, name: 'project_code' },
    departmentCode: { type: 'varchar', length: 32, name: 'department_code' },
    systemTitle: { type: 'varchar', length: 200, name: 'system_title' },
    year: { type: 'smallint' },
    kind: { type: 'varchar', length: 16 },
    level: { type: 'tinyint' },
    testPassed: { type: 'boolean', name: 'test_passed' },
    tester: { type: 'varchar', length: 200 },
    reportDate: { type: 'date', name: 'report_date', transformer: localDateTransformer },
    notAdmittedReason: { type: 'varchar', length: 500, name: 'not_admitted_reason', nullable: true },
    testedAt: { type: 'datetime', precision: 3, name: 'tested_at' },
    rectificationSummary: { type: 'varchar', length: 2000, name: 'rectification_summary', nullable: true },
    rectificationReportedAt: {
      type: 'datetime',
      precision: 3,
      name: 'rectification_reported_at',
      nullable: true,
    },
    checkDueAt: { type: 'datetime', precision: 3, name: 'check_due_at', nullable: true },
    checkMissedAt: { type: 'datetime', precision: 3, name: 'check_missed_at', nullable: true },
    checkPassed: { type: 'boolean', name: 'check_passed', nullable: true },
    checkOpinion: { type: 'varchar', length: 2000, name: 'check_opinion', nullable: true },
    checkedAt: { type: 'datetime', precision: 3, name: 'checked_at', nullable: true },
    processInstanceKey: { type: 'bigint', name: 'process_instance_key' },
  },
  uniques: [{ name: 'ux_mlps_record_year', columns: ['projectCode', 'year'] }],
});
