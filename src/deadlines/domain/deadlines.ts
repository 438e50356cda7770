/** Records computed deadlines (idempotent per computing task) and finds the open ones. */
import { MoreThan, type DataSource } from 'typeorm';
import { insertOnce } from '../../shared/db';
import { DeadlineEntity, type DeadlineRecord } from '../data-access/deadline.entity';

export type NewDeadline = Omit<DeadlineRecord, 'id' | 'state' | 'createdAt'>;

export async function recordDeadline(ds: DataSource, input: NewDeadline, now: Date): Promise<DeadlineRecord> {
  return insertOnce(
    ds.getRepository(DeadlineEntity),
    { ...input, state: 'open', createdAt: now },
    { elementInstanceKey: input.elementInstanceKey },
  );
}

/** Open deadlines not yet due: those a calendar change can still move. */
export function openDeadlines(ds: DataSource, now: Date): Promise<DeadlineRecord[]> {
  return ds
    .getRepository(DeadlineEntity)
    .find({ where: { state: 'open', dueAt: MoreThan(now) }, order: { dueAt: 'ASC' } });
}
