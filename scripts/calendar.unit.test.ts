/** The calendar CLI as a user runs it: one line on stdout, the data source named on stderr. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const tsx = path.join(__dirname, '..', 'node_modules', '.bin', 'tsx');
// nothing listens on port 1: the CLI must fall back to the package data and say so
const env = { ...process.env, DATABASE_URL: 'mysql://root@127.0.0.1:1/nowhere' };
const cli = (...args: string[]) =>
  spawnSync(tsx, [path.join(__dirname, 'calendar.ts'), ...args], { env, encoding: 'utf8' });

describe('calendar CLI', () => {
  it.each([
    [['add', '2025-09-26', '5'], '2025-10-10'],
    [['is-working-day', '2026-02-28'], 'true'],
    [['is-working-day', '2026-10-05'], 'false'],
    [['pre-review-date', '2023-01'], '2023-01-28'],
    [['plan-year', '2026-09-01'], '2028'],
  ])('%j prints %s', (args, out) => {
    const r = cli(...args);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${out}\n`);
  });

  it('says on stderr that it uses the package data when no database answers', () => {
    const r = cli('add', '2026-12-28', '5');
    expect(r.stdout).toBe('2027-01-04\n');
    expect(r.stderr).toMatch(/database not usable .*using the package data and the weekday rule/);
    expect(r.stderr).toMatch(/warning: 2027-01-04 uses a provisional year/);
  });

  it('rejects bad input with exit code 2 and a reason, printing nothing on stdout', () => {
    const r = cli('add', '2026-02-30', '5');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/"2026-02-30" is not a day of the calendar/);
    expect(cli('add', '2026-02-03', '-4').stderr).toMatch(/N must be a whole number/);
  });
});
