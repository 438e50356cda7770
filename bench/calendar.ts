/**
 * Working-day calendar: addWorkingDays calls per second with a warm table (target ≥ 1 M/s), and
 * latency of GET /api/calendar/working-days/add under concurrent clients on loopback (real
 * express app, real MariaDB for authentication). `npm run bench -- calendar [clients] [seconds]`
 */
import { CalendarService } from '../src/calendar';
import { addDays } from '../src/calendar/domain/local-date';
import { Role } from '../src/users';
import { benchApp, benchDatabase, closedLoop, latencyFigures, loopbackClient } from './lib';

async function inProcess(): Promise<string> {
  const calendar = await new CalendarService(undefined).calendarInForce();
  const inputs = Array.from({ length: 4096 }, (_, i) => addDays('2004-01-01', (i * 2_357) % 8_000));
  const ns = Array.from({ length: 4096 }, (_, i) => 1 + ((i * 31) % 60));
  let sink = 0;
  for (let i = 0; i < 200_000; i++) sink += calendar.addWorkingDays(inputs[i & 4095]!, ns[i & 4095]!).length; // warm-up
  const calls = 5_000_000;
  const t = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) sink += calendar.addWorkingDays(inputs[i & 4095]!, ns[i & 4095]!).length;
  const seconds = Number(process.hrtime.bigint() - t) / 1e9;
  if (sink === 0) throw new Error('unreachable');
  return `addWorkingDays: ${(calls / seconds / 1e6).toFixed(2)} M calls/s (${calls} calls, warm table)`;
}

async function overHttp(clients: number, seconds: number): Promise<string> {
  const { ds, stop } = await benchDatabase({
    username: 'bench',
    password: 'bench-secret',
    roles: [Role.AgencyOfficer],
  });
  const app = benchApp(ds);
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const port = (server.address() as { port: number }).port;
  const client = loopbackClient(port, clients);
  const auth = `Basic ${Buffer.from('bench:bench-secret').toString('base64')}`;
  const add = (from: string, days: number) =>
    client.get(`/api/calendar/working-days/add?from=${from}&days=${days}`, auth);
  await add('2026-01-05', 5); // authenticate once (scrypt), as every real client does
  const latencies = await closedLoop(
    clients,
    seconds,
    (i) => add(addDays('2024-01-01', (i * 13) % 1000), 1 + (i % 30)),
    200_000,
  );
  client.close();
  server.close();
  await stop();
  return latencyFigures('GET /api/calendar/working-days/add', latencies, clients, seconds);
}

export async function calendarBench(clients = 50, seconds = 10): Promise<void> {
  console.log(await inProcess());
  console.log(await overHttp(clients, seconds));
}
