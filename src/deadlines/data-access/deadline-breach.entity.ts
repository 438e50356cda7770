import { EntitySchema } from 'typeorm';

/** A deadline that passed before the step it guards was done, with the rule that set it. */
export interface DeadlineBreach {
  id: string;
  projectCode: string;
  processInstanceKey: string;
  /** Zeebe key of the task that recorded it: one row per breach, even in review loops. */
  elementInstanceKey: string;
  bpmnProcessId: string;
  /** Which deadline, e.g. "first-review". */
  deadline: string;
  /** Rule id of the catalogue in docs/rules/, e.g. "M11.1". */
  rule: string;
  recordedAt: Date;
}

export const DeadlineBreachEntity = new EntitySchema<DeadlineBreach>({
  name: 'DeadlineBreach',
  tableName: 'deadline_breach',
  columns: {
    id: { type: 'bigint', primary: true, generated: 'increment' },
    projectCode: { type: 'varchar', length: 32, name: 'project_code' },
    processInstanceKey: { type: 'bigint', name: 'process_instance_key' },
    elementInstanceKey: { type: 'bigint', name: 'element_instance_key', unique: true },
    bpmnProcessId: { type: 'varchar', length: 100, name: 'bpmn_process_id' },
    deadline: { type: 'varchar', length: 100 },
    rule: { type: 'varchar', length: 16 },
    recordedAt: { type: 'datetime', precision: 3, name: 'recorded_at' },
  },
  indices: [
    { name: 'ix_deadline_breach_project', columns: ['projectCode'] },
    { name: 'ix_deadline_breach_rule', columns: ['rule'] },
  ],
});
