/**
 * Registers the receipt of review materials. The review deadlines of M11.1 count from the
 * receipt, so the moment is recorded once per process instance: a second delivery of the same
 * job returns the receipt already written instead of writing another.
 */
import type { DataSource } from 'typeorm';
import { insertOnce } from '../../shared/db';
import { MaterialReceiptEntity, type MaterialReceipt } from '../data-access/material-receipt.entity';

export interface RegisterReceiptInput {
  projectCode: string;
  processInstanceKey: string;
  receivedAt: Date;
}

export type RegisterReceiptResult =
  | { kind: 'registered'; receipt: MaterialReceipt }
  | { kind: 'received-in-future'; receivedAt: Date; now: Date };

/** Clocks of the department's system and ours may differ a little; beyond this a date is wrong. */
const CLOCK_TOLERANCE_MS = 5 * 60_000;

export async function registerReceipt(
  ds: DataSource,
  input: RegisterReceiptInput,
  now: Date = new Date(),
): Promise<RegisterReceiptResult> {
  if (input.receivedAt.getTime() > now.getTime() + CLOCK_TOLERANCE_MS) {
    return { kind: 'received-in-future', receivedAt: input.receivedAt, now };
  }
  // the unique process_instance_key makes a redelivered job a no-op
  const receipt = await insertOnce(
    ds.getRepository(MaterialReceiptEntity),
    { ...input, registeredAt: now },
    { processInstanceKey: input.processInstanceKey },
  );
  return { kind: 'registered', receipt };
}

export async function findReceiptsOfProject(ds: DataSource, projectCode: string): Promise<MaterialReceipt[]> {
  return ds.getRepository(MaterialReceiptEntity).find({ where: { projectCode }, order: { id: 'ASC' } });
}
