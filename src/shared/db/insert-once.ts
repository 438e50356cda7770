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

/** Whether a write failed on a unique key (MySQL/MariaDB ER_DUP_ENTRY). */
export function isDuplicateKey(e: unknown): boolean {
  return (e as { code?: string }).code === 'ER_DUP_ENTRY' || /Duplicate entry/.test((e as Error).message);
}

/**
 * Runs a transaction again once when a parallel one took the unique key it wanted (two requests
 * recording the same engine deployment): the second run sees the first's row and keeps it.
 */
export async function retryOnDuplicateKey<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (!isDuplicateKey(e)) throw e;
    return run();
  }
}

/** Whether the database rolled the transaction back to break a deadlock (ER_LOCK_DEADLOCK). */
export function isDeadlock(e: unknown): boolean {
  return (e as { code?: string }).code === 'ER_LOCK_DEADLOCK' || /Deadlock found/.test((e as Error).message);
}

/**
 * Runs a transaction again when the database chose it as a deadlock's victim (two writers locking
 * the same rows in another order); it was rolled back, so running it again is safe. At most `runs`;
 * before each new run a random pause of up to `maxPauseMs`, so that writers that met, started in
 * step (copies of one step of many lifecycles), do not meet again in step.
 */
export async function retryOnDeadlock<T>(
  run: () => Promise<T>,
  opts: { runs?: number; maxPauseMs?: number; onRerun?: (nextRun: number) => void } = {},
): Promise<T> {
  const { runs = 5, maxPauseMs = 0, onRerun } = opts;
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (e) {
      if (!isDeadlock(e) || attempt >= runs) throw e;
      onRerun?.(attempt + 1);
      if (maxPauseMs > 0) await new Promise((r) => setTimeout(r, Math.random() * maxPauseMs));
    }
  }
}
