import { EntitySchema } from 'typeorm';
import { localDateTransformer } from '../../shared/db/columns';

export type UnitRole = 'designer' | 'contractor' | 'supervisor';

/** A design, construction or supervision contractor, identified by its unified social credit code. */
export interface UnitRow {
  creditCode: string;
  name: string;
  createdAt: Date;
}

export interface ProjectUnitRow {
  projectCode: string;
  role: UnitRole;
  creditCode: string;
  assignedBy: string;
  assignedAt: Date;
}

/** M22.2: a third party or expert that broke faith, published city-wide. */
export interface DishonestEntityRow {
  id: string;
  creditCode: string;
  name: string;
  reason: string;
  decidedByAgency: string;
  listedFrom: string;
  listedUntil: string | null;
  listedBy: string;
  listedAt: Date;
}

const dateColumn = (name: string, nullable = false) => ({
  type: 'date' as const,
  name,
  nullable,
  transformer: localDateTransformer,
});

export const UnitEntity = new EntitySchema<UnitRow>({
  name: 'Unit',
  tableName: 'unit',
  columns: {
    creditCode: { type: 'char', length: 18, primary: true, name: 'credit_code' },
    name: { type: 'varchar', length: 200 },
    createdAt: { type: 'datetime', precision: 3, name: 'created_at' },
  },
});

export const ProjectUnitEntity = new EntitySchema<ProjectUnitRow>({
  name: 'ProjectUnit',
  tableName: 'project_unit',
  columns: {
    projectCode: { type: 'varchar', length: 32, primary: true, name: 'project_code' },
    role: { type: 'enum', enum: ['designer', 'contractor', 'supervisor'], primary: true },
    creditCode: { type: 'char', length: 18, name: 'credit_code' },
    assignedBy: { type: 'varchar', length: 64, name: 'assigned_by' },
    assignedAt: { type: 'datetime', precision: 3, name: 'assigned_at' },
  },
});

export const DishonestEntityEntity = new EntitySchema<DishonestEntityRow>({
  name: 'DishonestEntity',
  tableName: 'dishonest_entity',
  columns: {
    id: { type: 'bigint', primary: true, generated: 'increment' },
    creditCode: { type: 'char', length: 18, name: 'credit_code' },
    name: { type: 'varchar', length: 200 },
    reason: { type: 'varchar', length: 1000 },
    decidedByAgency: { type: 'varchar', length: 32, name: 'decided_by_agency' },
    listedFrom: dateColumn('listed_from'),
    listedUntil: dateColumn('listed_until', true),
    listedBy: { type: 'varchar', length: 64, name: 'listed_by' },
    listedAt: { type: 'datetime', precision: 3, name: 'listed_at' },
  },
});

/** A project's tender results (M12): the construction contract of its contractor. */
export interface ProjectTenderRow {
  projectCode: string;
  tenderReference: string | null;
  /** yuan, DECIMAL(14,2) as a string */
  contractAmount: string | null;
  contractStart: string | null;
  contractEnd: string | null;
  /** the task execution that recorded it: a redelivered job finds its own row */
  elementInstanceKey: string;
  recordedAt: Date;
}

export const ProjectTenderEntity = new EntitySchema<ProjectTenderRow>({
  name: 'ProjectTender',
  tableName: 'project_tender',
  columns: {
    projectCode: { type: 'varchar', length: 32, primary: true, name: 'project_code' },
    tenderReference: { type: 'varchar', length: 100, name: 'tender_reference', nullable: true },
    contractAmount: { type: 'decimal', precision: 14, scale: 2, name: 'contract_amount', nullable: true },
    contractStart: dateColumn('contract_start', true),
    contractEnd: dateColumn('contract_end', true),
    elementInstanceKey: { type: 'bigint', name: 'element_instance_key' },
    recordedAt: { type: 'datetime', precision: 3, name: 'recorded_at' },
  },
});
