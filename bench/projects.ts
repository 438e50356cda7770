/**
 * Project list and timeline under load: seeds 100 000 projects with a realistic mix (departments,
 * stages, plan years, budgets, 3 years of submissions, participants, audit entries, deadlines)
 * into a database of its own (`<name>_bench`), then runs concurrent clients against the real
 * express app over loopback HTTP. `npm run bench -- projects [projects] [clients] [seconds]`
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { departments } from '../db/seeds/organisations';
import { loadConfig, paths } from '../src/shared/config';
import { createDataSource, parseDatabaseUrl } from '../src/shared/db';
import { ensureUser, Role } from '../src/users';
import { ensureDatabase } from '../scripts/lib/database';
import { terminate } from '../scripts/lib/lifecycle';
import { prepareDatabase } from '../scripts/lib/prepare-database';
import { closedLoop, latencyFigures, loopbackClient } from './lib';

const STAGES = [
  'proposal',
  'pre-review',
  'annual-plan',
  'review',
  'procurement',
  'construction',
  'acceptance',
  'evaluation',
  'operation',
];
const CATEGORIES = ['network', 'resource', 'application-system'];

/** Deterministic pseudo-random numbers, so every run seeds the same data. */
function rng(seed: number) {
  let s = seed;
  return () => (s = (s * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
}

async function seed(ds: DataSource, count: number): Promise<string[]> {
  const n = ((await ds.query('SELECT COUNT(*) AS n FROM project')) as { n: string }[])[0]?.n ?? '0';
  if (Number(n) >= count) {
    console.log(`(reusing ${n} seeded projects)`);
  } else {
    const random = rng(42);
    const start = Date.parse('2023-11-01T00:00:00Z');
    const span = 3 * 365 * 86_400_000;
    const t = Date.now();
    for (let base = Number(n); base < count; base += 1_000) {
      const projects: unknown[] = [];
      const members: unknown[] = [];
      const audits: unknown[] = [];
      const deadlines: unknown[] = [];
      for (let i = base; i < Math.min(base + 1_000, count); i++) {
        const created = new Date(start + Math.floor(random() * span));
        const year = created.getUTCFullYear();
        const code = `LS-${year}-${String(i + 1).padStart(6, '0')}`;
        const dept = departments[Math.floor(random() * departments.length)]!;
        const stage = STAGES[Math.floor(random() ** 1.5 * STAGES.length)]!;
        const budget = (Math.floor(random() ** 3 * 200_000_000) + 50_000).toFixed(2);
        projects.push([
          code,
          `项目 ${i + 1}`,
          dept.code,
          budget,
          CATEGORIES[i % 3],
          random() < 0.05,
          dept.isCounty,
          random() < 0.8,
          false,
          random() < 0.15,
          random() < 0.4,
          random() < 0.3,
          null,
          stage,
          'in-process',
          stage === 'proposal' ? null : year + 1,
          null,
          'seed',
          created,
          created,
        ]);
        members.push([code, dept.code, 'owner', created]);
        if (random() < 0.15) {
          const partner = departments[(departments.indexOf(dept) + 1) % departments.length]!.code;
          members.push([code, partner, 'participant', created]);
        }
        audits.push([created, 'seed', 'project.submit', 'project', code, null, JSON.stringify({ code })]);
        deadlines.push([
          1e12 + i,
          2e12 + i,
          'technical-review',
          'compute-first-review-due',
          code,
          'M11.1',
          '{"workingDays":5}',
          created,
          new Date(created.getTime() + 7 * 86_400_000),
          new Date(created.getTime() + 7 * 86_400_000).toISOString().slice(0, 10),
          false,
          'open',
          created,
        ]);
      }
      await ds.query(
        `INSERT INTO project (code, title, department_code, budget_estimate, category, urgent, county, in_development_plan,
        requests_machine_room, cross_department, single_scope, simple_technology, upgrade_of, stage, status, plan_year,
        process_instance_key, submitted_by, created_at, updated_at) VALUES ?`,
        [projects],
      );
      await ds.query(
        'INSERT INTO project_department (project_code, department_code, role, created_at) VALUES ?',
        [members],
      );
      await ds.query(
        'INSERT INTO audit_log (at, actor, action, entity_type, entity_id, before_state, after_state) VALUES ?',
        [audits],
      );
      await ds.query(
        `INSERT INTO deadline (process_instance_key, element_instance_key, bpmn_process_id, element_id, project_code, rule_id,
        rule, start_at, due_at, due_date, provisional, state, created_at) VALUES ?`,
        [deadlines],
      );
    }
    await ds.query('ANALYZE TABLE project, project_department, audit_log, deadline');
    console.log(`seeded ${count - Number(n)} projects in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
  return ((await ds.query('SELECT code FROM project ORDER BY RAND(7) LIMIT 2000')) as { code: string }[]).map(
    (r) => r.code,
  );
}

export async function projectsBench(count = 100_000, clients = 50, seconds = 10): Promise<void> {
  const config = loadConfig();
  const url = new URL(config.DATABASE_URL);
  url.pathname = `/${parseDatabaseUrl(config.DATABASE_URL).database}_bench`;
  const db = await ensureDatabase({
    url: url.toString(),
    autostart: config.DB_AUTOSTART,
    privatePort: 3327,
    privateDir: path.join(config.DATA_DIR, 'bench', 'mariadb'),
  });
  await prepareDatabase(db.url, config);
  const ds = await createDataSource(db.url).initialize();
  const codes = await seed(ds, count);
  await ensureUser(ds, {
    username: 'bench-officer',
    displayName: 'bench',
    password: 'bench-secret',
    roles: [Role.AgencyOfficer],
  });
  await ensureUser(ds, {
    username: 'bench-psb',
    displayName: 'bench',
    password: 'bench-secret',
    roles: [Role.DepartmentApplicant],
    departmentCode: 'psb',
  });
  await ds.destroy();
  // the API under test runs in a process of its own, like in production
  const server = spawn(
    path.join(paths.repoRoot, 'node_modules', '.bin', 'tsx'),
    [path.join(__dirname, 'api-server.ts')],
    {
      env: { ...process.env, DATABASE_URL: db.url },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const port = await new Promise<number>((resolve, reject) => {
    server.stdout.on('data', (d: Buffer) => {
      const m = /PORT (\d+)/.exec(d.toString());
      if (m) resolve(Number(m[1]));
    });
    server.once('exit', (code) => reject(new Error(`API server exited (${code})`)));
  });
  const client = loopbackClient(port, clients);
  const auth = (u: string) => `Basic ${Buffer.from(`${u}:bench-secret`).toString('base64')}`;
  const get = (p: string, user: string) => client.get(p, auth(user));

  const scenarios: Record<string, (i: number) => [string, string]> = {
    'list (officer, department + stage filter, newest first)': (i) => [
      `/api/projects?department=${departments[i % departments.length]!.code}&stage=${STAGES[i % 4]}&page=${1 + (i % 5)}&pageSize=20`,
      'bench-officer',
    ],
    'list (officer, all, by budget)': (i) => [
      `/api/projects?sort=-budgetEstimate&page=${1 + (i % 10)}&pageSize=20`,
      'bench-officer',
    ],
    'list (department applicant, own + participating)': (i) => [
      `/api/projects?page=${1 + (i % 5)}&pageSize=20`,
      'bench-psb',
    ],
    timeline: (i) => [`/api/projects/${codes[i % codes.length]}/timeline`, 'bench-officer'],
  };
  for (const [name, next] of Object.entries(scenarios)) {
    await get(...next(0)); // authenticate once per user (scrypt), as real clients do
    await get('/api/projects?pageSize=1', 'bench-psb');
    const latencies = await closedLoop(clients, seconds, (i) => get(...next(i)), 500_000);
    console.log(latencyFigures(name, latencies, clients, seconds));
  }
  client.close();
  await terminate(server, 10_000);
  await db.stop();
}
