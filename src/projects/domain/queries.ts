/** Reading projects, always within what the user may see. */
import type { DataSource } from 'typeorm';
import { AppError } from '../../shared/errors';
import type { AuthUser } from '../../users';
import type { ProjectRow } from '../data-access/project.entities';
import { seesAllProjects } from './access';
import type { ListQuery } from './schemas';

const sortColumns = {
  createdAt: 'p.created_at',
  code: 'p.code',
  budgetEstimate: 'p.budget_estimate',
} as const;

/**
 * Totals for paging are cached for a few seconds per user scope and filter: counting thousands of
 * rows on every page would dominate the list's latency, and a total a few seconds old is fine for paging.
 */
const COUNT_TTL_MS = 5_000;
const counts = new Map<string, { total: number; expires: number }>();

async function cachedCount(key: string, count: () => Promise<number>): Promise<number> {
  const hit = counts.get(key);
  if (hit && hit.expires > Date.now()) return hit.total;
  const total = await count();
  if (counts.size > 10_000) counts.clear();
  counts.set(key, { total, expires: Date.now() + COUNT_TTL_MS });
  return total;
}

/** A project row as mysql2 returns it (snake_case, TINYINT booleans). */
type RawProject = Record<string, string | number | Date | null>;

function toProject(r: RawProject): ProjectRow {
  const flag = (v: unknown) => v === 1 || v === '1' || v === true;
  return {
    code: r.code as string,
    title: r.title as string,
    departmentCode: r.department_code as string,
    budgetEstimate: r.budget_estimate as string,
    category: r.category as ProjectRow['category'],
    urgent: flag(r.urgent),
    county: flag(r.county),
    inDevelopmentPlan: flag(r.in_development_plan),
    requestsMachineRoom: flag(r.requests_machine_room),
    crossDepartment: flag(r.cross_department),
    singleScope: flag(r.single_scope),
    simpleTechnology: flag(r.simple_technology),
    upgradeOf: r.upgrade_of as string | null,
    ruleSet: r.rule_set as ProjectRow['ruleSet'],
    stage: r.stage as string,
    status: r.status as string,
    planYear: r.plan_year === null ? null : Number(r.plan_year),
    processInstanceKey: r.process_instance_key === null ? null : String(r.process_instance_key),
    submittedBy: r.submitted_by as string,
    createdAt: r.created_at as Date,
    updatedAt: r.updated_at as Date,
  };
}

/**
 * The hot path of the registry, in plain parameterised SQL: the list is read far more than
 * anything else, and typeorm's query building and hydration cost more CPU than the query itself.
 * Only fixed column names and directions are interpolated; every value is a placeholder.
 */
export async function listProjects(ds: DataSource, user: AuthUser, query: ListQuery, now: Date = new Date()) {
  const all = seesAllProjects(user);
  const params: (string | number | Date)[] = [];
  let from = 'project p';
  if (!all) {
    from += ' JOIN project_department m ON m.project_code = p.code AND m.department_code = ?';
    params.push(user.departmentCode ?? '');
  }
  const filters: [string, string | number | undefined][] = [
    ['p.stage = ?', query.stage],
    ['p.department_code = ?', query.department],
    ['p.plan_year = ?', query.planYear],
  ];
  const where: string[] = [];
  for (const [condition, value] of filters) {
    if (value === undefined) continue;
    where.push(condition);
    params.push(value);
  }
  const overdue = `(EXISTS (SELECT 1 FROM deadline_breach b WHERE b.project_code = p.code)
    OR EXISTS (SELECT 1 FROM deadline d WHERE d.project_code = p.code AND d.state = 'open' AND d.due_at < ?))`;
  if (query.overdue === 'true') {
    where.push(overdue);
    params.push(now);
  } else if (query.overdue === 'false') {
    where.push(`NOT ${overdue}`);
    params.push(now);
  }
  if (query.rule) {
    where.push(`(EXISTS (SELECT 1 FROM deadline d WHERE d.project_code = p.code AND d.rule_id = ?)
      OR EXISTS (SELECT 1 FROM deadline_breach b WHERE b.project_code = p.code AND b.rule = ?))`);
    params.push(query.rule, query.rule);
  }
  const whereSql = where.length ? ` WHERE ${where.join(' AND ')}` : '';
  const descending = query.sort.startsWith('-');
  const key = query.sort.replace('-', '') as keyof typeof sortColumns;
  // for a department's list, the membership row carries created_at too: its index gives the order
  const column = key === 'createdAt' && !all ? 'm.created_at' : sortColumns[key];
  const tieBreak = column === 'm.created_at' ? 'm.project_code' : 'p.code';
  const dir = descending ? 'DESC' : 'ASC';
  const countKey = JSON.stringify([
    all ? '*' : `dept:${user.departmentCode ?? ''}`,
    query.stage,
    query.department,
    query.planYear,
    query.overdue,
    query.rule,
  ]);
  const [rows, total] = await Promise.all([
    ds.query(
      `SELECT p.* FROM ${from}${whereSql} ORDER BY ${column} ${dir}, ${tieBreak} ${dir} LIMIT ? OFFSET ?`,
      [...params, query.pageSize, (query.page - 1) * query.pageSize],
    ) as Promise<RawProject[]>,
    cachedCount(countKey, async () => {
      const [r] = (await ds.query(`SELECT COUNT(*) AS n FROM ${from}${whereSql}`, params)) as { n: string }[];
      return Number(r?.n ?? 0);
    }),
  ]);
  return { items: rows.map(toProject), total, page: query.page, pageSize: query.pageSize };
}

export async function getProject(
  ds: DataSource,
  user: AuthUser,
  code: string,
): Promise<ProjectRow & { participatingDepartments: string[] }> {
  const all = seesAllProjects(user);
  const rows = (await ds.query(
    `SELECT p.*, (SELECT GROUP_CONCAT(d.department_code ORDER BY d.department_code) FROM project_department d
       WHERE d.project_code = p.code AND d.role = 'participant') AS participants
     FROM project p${all ? '' : ' JOIN project_department m ON m.project_code = p.code AND m.department_code = ?'}
     WHERE p.code = ?`,
    all ? [code] : [user.departmentCode ?? '', code],
  )) as RawProject[];
  // the same answer whether the project does not exist or belongs to another department
  if (!rows[0]) throw new AppError('not-found', `no project ${code} that you may see`);
  const participants = rows[0].participants as string | null;
  return { ...toProject(rows[0]), participatingDepartments: participants ? participants.split(',') : [] };
}

/**
 * Everything recorded about a project, oldest first, in one query: audit entries, receipts,
 * deadlines set and missed. A stage change or a decision of the lifecycle carries its rule, the
 * stage reached and the reason (a refusal, the pre-review's reasons, an exclusion), so the
 * department reads why.
 */
export async function projectTimeline(ds: DataSource, user: AuthUser, code: string) {
  const project = await getProject(ds, user, code);
  const rows = (await ds.query(
    `SELECT * FROM (
       SELECT at, 'audit' AS type, action, actor, JSON_UNQUOTE(JSON_EXTRACT(after_state, '$.rule')) AS rule_id,
           NULL AS due_at, JSON_UNQUOTE(JSON_EXTRACT(after_state, '$.stage')) AS stage,
           JSON_UNQUOTE(COALESCE(JSON_EXTRACT(after_state, '$.reason'), JSON_EXTRACT(after_state, '$.refusalReason'))) AS detail
         FROM audit_log
         WHERE entity_type = 'project' AND entity_id = ?
       UNION ALL SELECT received_at, 'materials-received', NULL, NULL, IF(rule_set = 'T', 'T22', 'M11.1'), NULL, NULL, CAST(round_no AS CHAR) FROM review_round WHERE project_code = ?
       UNION ALL SELECT created_at, 'deadline-set', NULL, NULL, rule_id, due_at, NULL, state FROM deadline WHERE project_code = ?
       UNION ALL SELECT recorded_at, 'deadline-missed', NULL, NULL, rule, NULL, NULL, deadline FROM deadline_breach WHERE project_code = ?
     ) e ORDER BY at, type`,
    [code, code, code, code],
  )) as {
    at: Date;
    type: string;
    action: string | null;
    actor: string | null;
    rule_id: string | null;
    due_at: Date | null;
    stage: string | null;
    detail: string | null;
  }[];
  // a JSON null unquotes to the text "null"
  const value = (v: string | null) => (v === null || v === 'null' ? undefined : v);
  const events = rows.map((r) => {
    switch (r.type) {
      case 'audit':
        return {
          at: r.at,
          type: r.type,
          action: r.action,
          actor: r.actor,
          ...(value(r.rule_id) ? { ruleId: value(r.rule_id) } : {}),
          ...(value(r.stage) ? { stage: value(r.stage) } : {}),
          ...(value(r.detail) ? { reason: value(r.detail) } : {}),
        };
      case 'materials-received':
        return { at: r.at, type: r.type, ruleId: r.rule_id, reviewRound: Number(r.detail) };
      case 'deadline-set':
        return { at: r.at, type: r.type, ruleId: r.rule_id, dueAt: r.due_at, state: r.detail };
      default:
        return { at: r.at, type: r.type, ruleId: r.rule_id, deadline: r.detail };
    }
  });
  return { project, stage: project.stage, events };
}
