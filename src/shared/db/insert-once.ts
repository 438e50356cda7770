import type { FindOptionsWhere, ObjectLiteral, Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

/**
 * Inserts a row unless one with the same unique key exists, then returns the stored row. This is
 * how job handlers stay idempotent: Zeebe may deliver a job twice, and the second delivery finds
 * what the first one wrote instead of writing again.
 */
export async function insertOnce<T extends ObjectLiteral>(
  repo: Repository<T>,
  values: QueryDeepPartialEntity<T>,
  uniqueKey: FindOptionsWhere<T>,
): Promise<T> {
  await repo.createQueryBuilder().insert().values(values).orIgnore().execute();
  return repo.findOneByOrFail(uniqueKey);
}
