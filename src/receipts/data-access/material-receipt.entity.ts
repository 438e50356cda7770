import { EntitySchema } from 'typeorm';

/** One registered receipt of review materials; the review deadlines count from `receivedAt`. */
export interface MaterialReceipt {
  id: string;
  projectCode: string;
  /** Zeebe key of the process instance that registered it: one receipt per instance. */
  processInstanceKey: string;
  receivedAt: Date;
  registeredAt: Date;
}

export const MaterialReceiptEntity = new EntitySchema<MaterialReceipt>({
  name: 'MaterialReceipt',
  tableName: 'material_receipt',
  columns: {
    id: { type: 'bigint', primary: true, generated: 'increment' },
    projectCode: { type: 'varchar', length: 32, name: 'project_code' },
    processInstanceKey: { type: 'bigint', name: 'process_instance_key', unique: true },
    receivedAt: { type: 'datetime', precision: 3, name: 'received_at' },
    registeredAt: { type: 'datetime', precision: 3, name: 'registered_at' },
  },
  indices: [{ name: 'ix_material_receipt_project', columns: ['projectCode'] }],
});
