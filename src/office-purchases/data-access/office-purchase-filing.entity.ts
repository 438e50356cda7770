import { EntitySchema } from 'typeorm';
import { localDateTransformer } from '../../shared/db/columns';

export type PurchaseKind = 'office-network-renovation' | 'security-equipment' | 'office-equipment';

/** An office purchase a department files with the EIB (M10.3); the process instance runs the filing. */
export interface OfficePurchaseFilingRow {
  id: string;
  /** BA-<year>-<nnnn>: the filing's code, also the key of its breach and escalation rows */
  code: string;
  departmentCode: string;
  purchaseKind: PurchaseKind;
  description: string;
  /** yuan, exact: DECIMAL(14,2) as a string, never a float */
  amountYuan: string;
  /** YYYY-MM-DD */
  purchaseCompletedOn: string;
  /** end of the day one calendar month after the purchase completed (Asia/Shanghai) */
  dueAt: Date;
  submittedBy: string;
  idempotencyKey: string;
  requestHash: string;
  processInstanceKey: string | null;
  filingSummary: string | null;
  eibRegistrationNo: string | null;
  /** when the EIB registered the filing; null while it is open */
  filedAt: Date | null;
  /** whether the deadline had passed before the department filed (null while open) */
  late: boolean | null;
  createdAt: Date;
}

export const OfficePurchaseFilingEntity = new EntitySchema<OfficePurchaseFilingRow>({
  name: 'OfficePurchaseFiling',
  tableName: 'office_purchase_filing',
  columns: {
    id: { type: 'bigint', primary: true, generated: 'increment' },
    code: { type: 'varchar', length: 32, unique: true },
    departmentCode: { type: 'varchar', length: 32, name: 'department_code' },
    purchaseKind: { type: 'varchar', length: 32, name: 'purchase_kind' },
    description: { type: 'varchar', length: 500 },
    amountYuan: { type: 'decimal', precision: 14, scale: 2, name: 'amount_yuan' },
    purchaseCompletedOn: {
      type: 'date',
      name: 'purchase_completed_on',
      transformer: localDateTransformer,
    },
    dueAt: { type: 'datetime', precision: 3, name: 'due_at' },
    submittedBy: { type: 'varchar', length: 64, name: 'submitted_by' },
    idempotencyKey: { type: 'varchar', length: 100, name: 'idempotency_key' },
    requestHash: { type: 'char', length: 64, name: 'request_hash' },
    processInstanceKey: { type: 'bigint', name: 'process_instance_key', nullable: true },
    filingSummary: { type: 'varchar', length: 2000, name: 'filing_summary', nullable: true },
    eibRegistrationNo: { type: 'varchar', length: 100, name: 'eib_registration_no', nullable: true },
    filedAt: { type: 'datetime', precision: 3, name: 'filed_at', nullable: true },
    late: { type: 'boolean', nullable: true },
    createdAt: { type: 'datetime', precision: 3, name: 'created_at' },
  },
  uniques: [
    { name: 'ux_office_purchase_filing_idem', columns: ['submittedBy', 'idempotencyKey'] },
    { name: 'ux_office_purchase_filing_instance', columns: ['processInstanceKey'] },
  ],
});
