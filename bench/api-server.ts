import path from 'node:path';
/**
 * The API alone, for benchmarks: listens on a free loopback port and prints `PORT <n>`, so the
 * load generator runs in another process and does not share this one's event loop.
 */
import { createApp } from '../src/app';
import { LocalFileStorage } from '../src/documents';
import { CalendarService } from '../src/calendar';
import { loadConfig } from '../src/shared/config';
import { createDataSource } from '../src/shared/db';
import { logger } from '../src/shared/logger';

async function main(): Promise<void> {
  const ds = await createDataSource(loadConfig().DATABASE_URL).initialize();
  const app = createApp({
    dataSource: ds,
    camundaRestAddress: 'http://127.0.0.1:9',
    calendar: new CalendarService(ds),
    log: logger().child({}, { level: 'silent' }),
    documents: {
      storage: new LocalFileStorage(path.join(loadConfig().DATA_DIR, 'bench', 'documents')),
      maxBytes: 1024 * 1024,
    },
  });
  const server = app.listen(0, '127.0.0.1', () =>
    console.log(`PORT ${(server.address() as { port: number }).port}`),
  );
  process.once('SIGTERM', () => server.close(() => void ds.destroy().then(() => process.exit(0))));
}

void main();
