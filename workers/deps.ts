import type { DataSource } from 'typeorm';

/** What every handler may use: the registry database and a clock (the broker's time in tests). */
export interface WorkerDeps {
  dataSource: DataSource;
  now(): Date;
}
