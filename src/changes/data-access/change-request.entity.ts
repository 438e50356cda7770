import { EntitySchema } from 'typeorm';

export type ChangeRoute = 'file' | 'approve';
export type ChangeState = 'submitted' | 'filed' | 'approved' | 'rejected';

/** A change of a project's construction content with its money adjustment (M16). */
export interface ChangeRequestRow {
  id: string;
  projectCode: string;
  description: string;
  /** signed yuan, exact: DECIMAL(14,2) as a string, never a float */
  adjustmentAmount: string;
  /** the sum of |adjustment| of the project's changes up to this one / the approved estimate, a fraction rounded up ("0.1500") */
  cumulativeAdjustmentRatio: string;
  route: ChangeRoute;
  /** filed for route file; submitted (awaiting the EIB's approval) for route approve */
  state: ChangeState;
  requestedBy: string;
  requestedAt: Date;
  idempotencyKey: string;
  requestHash: string;
  /** when the construction process filed it or the EIB decided on it (M16); null until then */
  decidedAt: Date | null;
  /** the EIB officer who approved or rejected it; `process` for a filing */
  decidedBy: string | null;
  /** the EIB's reason for approving or rejecting it */
  decisionReason: string | null;
}

export const ChangeRequestEntity = new EntitySchema<ChangeRequestRow>({
  name: 'ChangeRequest',
  tableName: 'change_request',
  columns: {
    id: { type: 'bigint', primary: true, generated: 'increment' },
    projectCode: { type: 'varchar', length: 32, name: 'project_code' },
    description: { type: 'text' },
    adjustmentAmount: { type: 'decimal', precision: 14, scale: 2, name: 'adjustment_amount' },
    cumulativeAdjustmentRatio: {
      type: 'decimal',
      precision: 7,
      scale: 4,
      name: 'cumulative_adjustment_ratio',
    },
    route: { type: 'enum', enum: ['file', 'approve'] },
    state: { type: 'enum', enum: ['submitted', 'filed', 'approved', 'rejected'] },
    requestedBy: { type: 'varchar', length: 64, name: 'requested_by' },
    requestedAt: { type: 'datetime', precision: 3, name: 'requested_at' },
    idempotencyKey: { type: 'varchar', length: 100, name: 'idempotency_key' },
    requestHash: { type: 'char', length: 64, name: 'request_hash' },
    decidedAt: { type: 'datetime', precision: 3, name: 'decided_at', nullable: true },
    decidedBy: { type: 'varchar', length: 64, name: 'decided_by', nullable: true },
    decisionReason: { type: 'varchar', length: 2000, name: 'decision_reason', nullable: true },
  },
  uniques: [{ name: 'ux_change_request_idem', columns: ['requestedBy', 'idempotencyKey'] }],
});
