import { EntitySchema } from 'typeorm';

export type RuleSet = 'M' | 'T';

export type ProjectCategory = 'network' | 'resource' | 'application-system';

/** The project record that follows a project for life; Zeebe holds its process state. */
export interface ProjectRow {
  code: string;
  title: string;
  departmentCode: string;
  /** yuan, exact: DECIMAL(14,2) as a string, never a float */
  budgetEstimate: string;
  category: ProjectCategory;
  urgent: boolean;
  county: boolean;
  inDevelopmentPlan: boolean;
  requestsMachineRoom: boolean;
  crossDepartment: boolean;
  singleScope: boolean;
  simpleTechnology: boolean;
  upgradeOf: string | null;
  /** 适用办法: the measures the project is reviewed under — M (current) or T (2020, repealed) */
  ruleSet: RuleSet;
  stage: string;
  status: string;
  planYear: number | null;
  processInstanceKey: string | null;
  submittedBy: string;
  createdAt: Date;
  updatedAt: Date;
}

const bool = (name: string) => ({ type: 'boolean' as const, name });

export const ProjectEntity = new EntitySchema<ProjectRow>({
  name: 'Project',
  tableName: 'project',
  columns: {
    code: { type: 'varchar', length: 32, primary: true },
    title: { type: 'varchar', length: 200 },
    departmentCode: { type: 'varchar', length: 32, name: 'department_code' },
    budgetEstimate: { type: 'decimal', precision: 14, scale: 2, name: 'budget_estimate' },
    category: { type: 'enum', enum: ['network', 'resource', 'application-system'] },
    urgent: bool('urgent'),
    county: bool('county'),
    inDevelopmentPlan: bool('in_development_plan'),
    requestsMachineRoom: bool('requests_machine_room'),
    crossDepartment: bool('cross_department'),
    singleScope: bool('single_scope'),
    simpleTechnology: bool('simple_technology'),
    upgradeOf: { type: 'varchar', length: 32, name: 'upgrade_of', nullable: true },
    ruleSet: { type: 'enum', enum: ['M', 'T'], name: 'rule_set', default: 'M' },
    stage: { type: 'varchar', length: 32 },
    status: { type: 'varchar', length: 32 },
    planYear: { type: 'smallint', name: 'plan_year', nullable: true },
    processInstanceKey: { type: 'bigint', name: 'process_instance_key', nullable: true },
    submittedBy: { type: 'varchar', length: 64, name: 'submitted_by' },
    createdAt: { type: 'datetime', precision: 3, name: 'created_at' },
    updatedAt: { type: 'datetime', precision: 3, name: 'updated_at' },
  },
});

/** A department a project belongs to: the owner, or a participant of a cross-department project (M9). */
export interface ProjectDepartmentRow {
  projectCode: string;
  departmentCode: string;
  role: 'owner' | 'participant';
  createdAt: Date;
}

export const ProjectDepartmentEntity = new EntitySchema<ProjectDepartmentRow>({
  name: 'ProjectDepartment',
  tableName: 'project_department',
  columns: {
    projectCode: { type: 'varchar', length: 32, primary: true, name: 'project_code' },
    departmentCode: { type: 'varchar', length: 32, primary: true, name: 'department_code' },
    role: { type: 'enum', enum: ['owner', 'participant'] },
    createdAt: { type: 'datetime', precision: 3, name: 'created_at' },
  },
});

export interface IdempotencyKeyRow {
  username: string;
  idemKey: string;
  requestHash: string;
  projectCode: string;
  createdAt: Date;
}

export const IdempotencyKeyEntity = new EntitySchema<IdempotencyKeyRow>({
  name: 'IdempotencyKey',
  tableName: 'idempotency_key',
  columns: {
    username: { type: 'varchar', length: 64, primary: true },
    idemKey: { type: 'varchar', length: 100, primary: true, name: 'idem_key' },
    requestHash: { type: 'char', length: 64, name: 'request_hash' },
    projectCode: { type: 'varchar', length: 32, name: 'project_code' },
    createdAt: { type: 'datetime', precision: 3, name: 'created_at' },
  },
});
