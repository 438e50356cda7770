import { EntitySchema } from 'typeorm';
import { localDateTransformer } from '../../shared/db/columns';

/** A deadline computed for a process step: the rule that sets it and when it falls due. */
export interface DeadlineRecord {
  id: string;
  processInstanceKey: string;
  /** Zeebe key of the computing task: one row per computation, even in loops */
  elementInstanceKey: string;
  bpmnProcessId: string;
  elementId: string;
  projectCode: string | null;
  ruleId: string;
  rule: Record<string, number | boolean>;
  startAt: Date;
  dueAt: Date;
  dueDate: string;
  provisional: boolean;
  state: 'open' | 'met' | 'breached';
  createdAt: Date;
}

export const DeadlineEntity = new EntitySchema<DeadlineRecord>({
  name: 'Deadline',
  tableName: 'deadline',
  columns: {
    id: { type: 'bigint', primary: true, generated: 'increment' },
    processInstanceKey: { type: 'bigint', name: 'process_instance_key' },
    elementInstanceKey: { type: 'bigint', name: 'element_instance_key', unique: true },
    bpmnProcessId: { type: 'varchar', length: 100, name: 'bpmn_process_id' },
    elementId: { type: 'varchar', length: 100, name: 'element_id' },
    projectCode: { type: 'varchar', length: 32, name: 'project_code', nullable: true },
    ruleId: { type: 'varchar', length: 16, name: 'rule_id' },
    rule: { type: 'json' },
    startAt: { type: 'datetime', precision: 3, name: 'start_at' },
    dueAt: { type: 'datetime', precision: 3, name: 'due_at' },
    dueDate: {
      type: 'date',
      name: 'due_date',
      transformer: localDateTransformer,
    },
    provisional: { type: 'boolean' },
    state: { type: 'enum', enum: ['open', 'met', 'breached'], default: 'open' },
    createdAt: { type: 'datetime', precision: 3, name: 'created_at' },
  },
});
