/**
 * Records a missed deadline. Called from the timer path of a deadline, once per execution of
 * that path: a redelivered job finds the row it wrote before.
 */
import type { DataSource } from 'typeorm';
import { DeadlineBreachEntity, type DeadlineBreach } from '../data-access/deadline-breach.entity';

export type RecordBreachInput = Omit<DeadlineBreach, 'id' | 'recordedAt'>;

export async function recordBreach(
  ds: DataSource,
  input: RecordBreachInput,
  now: Date,
): Promise<DeadlineBreach> {
  const repo = ds.getRepository(DeadlineBreachEntity);
  await repo
    .createQueryBuilder()
    .insert()
    .values({ ...input, recordedAt: now })
    .orIgnore()
    .execute();
  return repo.findOneByOrFail({ elementInstanceKey: input.elementInstanceKey });
}

export function findBreachesOfProject(ds: DataSource, projectCode: string): Promise<DeadlineBreach[]> {
  return ds.getRepository(DeadlineBreachEntity).find({ where: { projectCode }, order: { id: 'ASC' } });
}
