/**
 * The API alone, for benchmarks: listens on a free loopback port and prints `PORT <n>`, so the
 * load generator runs in another process and does not share this one's event loop.
 */
import { loadConfig } from '../src/shared/config';
import { createDataSource } from '../src/shared/db';
import { benchApp } from './lib';

async function main(): Promise<void> {
  const ds = await createDataSource(loadConfig().DATABASE_URL).initialize();
  const server = benchApp(ds).listen(0, '127.0.0.1', () =>
    console.log(`PORT ${(server.address() as { port: number }).port}`),
  );
  process.once('SIGTERM', () => server.close(() => void ds.destroy().then(() => process.exit(0))));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
