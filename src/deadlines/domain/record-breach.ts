/**
 * Records a missed deadline. Called from the timer path of a deadline, once per execution of
 * that path: a redelivered job finds the row it wrote before.
 */
import type { DataSource } from 'typeorm';
import { insertOnce } from '../../shared/db';
import { DeadlineBreachEntity, type DeadlineBreach } from '../data-access/deadline-breach.entity';

export type RecordBreachInput = Omit<DeadlineBreach, 'id' | 'recordedAt'>;

export async function recordBreach(
  ds: DataSource,
  input: RecordBreachInput,
  now: Date,
): Promise<DeadlineBreach> {
  return insertOnce(
    ds.getRepository(DeadlineBreachEntity),
    { ...input, recordedAt: now },
    {
      elementInstanceKey: input.elementInstanceKey,
    },
  );
}

export function findBreachesOfProject(ds: DataSource, projectCode: string): Promise<DeadlineBreach[]> {
  return ds.getRepository(DeadlineBreachEntity).find({ where: { projectCode }, order: { id: 'ASC' } });
}
