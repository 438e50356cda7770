import type { DataSource } from 'typeorm';
import type { ComponentHealth } from '../camunda/health';

export async function databaseHealth(ds: DataSource): Promise<ComponentHealth> {
  try {
    if (!ds.isInitialized) return { status: 'DOWN', detail: 'not connected' };
    const rows: { version: string }[] = await ds.query('SELECT VERSION() AS version');
    return {
      status: 'UP',
      detail: `${rows[0]?.version ?? 'unknown version'}, database ${ds.options.database}`,
    };
  } catch (e) {
    return { status: 'DOWN', detail: (e as Error).message };
  }
}
