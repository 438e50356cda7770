/**
 * A session batches the projects waiting for it at the moment it opens (M7.3: every proposal
 * waiting for pre-review; M7.1: every project passed for the plan year), one row per project and
 * round in `session_item`. A project already waiting in an undecided session is not batched again;
 * a retried job of the same session gets the same batch.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { shanghaiDateOf } from '../../calendar/domain/local-date';
import { sessionMessages, type SessionKind } from './kinds';

/** What an officer needs to decide on a project without another system; all read-only in the forms. */
export interface BatchedProject {
  projectCode: string;
  round: number;
  title: string;
  departmentCode: string;
  departmentName: string;
  /** yuan, exact decimal string */
  budgetEstimate: string;
  category: string;
  /** ISO instant of the submission (M7.2/M7.4 decide the plan year on it) */
  submittedAt: string;
  planYear: number | null;
  /** the key facts as Chinese lines, for a read-only field of the forms */
  facts: string;
}

type Row = Record<string, string | number | Date | null>;

const categoryZh: Record<string, string> = {
  network: '网络',
  resource: '资源',
  'application-system': '应用系统',
};
const yes = (v: unknown) => (v === 1 || v === '1' || v === true ? '是' : '否');

export function factsOf(r: Row): string {
  const yuan = Number(r.budget_estimate).toLocaleString('zh-CN', { minimumFractionDigits: 2 });
  return [
    `项目编号：${r.code}`,
    `项目名称：${r.title}`,
    `建设单位：${r.department_name ?? r.department_code}`,
    `估算投资：${yuan} 元`,
    `项目类别：${categoryZh[String(r.category)] ?? r.category}`,
    `提交日期：${shanghaiDateOf(new Date(r.created_at as Date))}`,
    `纳入信息化发展规划：${yes(r.in_development_plan)}`,
    `申请建设机房：${yes(r.requests_machine_room)}`,
    `跨部门项目：${yes(r.cross_department)}`,
    `县（区）项目：${yes(r.county)}`,
    ...(r.plan_year ? [`计划年度：${r.plan_year}`] : []),
  ].join('\n');
}

const toBatched = (r: Row): BatchedProject => ({
  projectCode: String(r.code),
  round: Number(r.round),
  title: String(r.title),
  departmentCode: String(r.department_code),
  departmentName: String(r.department_name ?? r.department_code),
  budgetEstimate: String(r.budget_estimate),
  category: String(r.category),
  submittedAt: new Date(r.created_at as Date).toISOString(),
  planYear: r.plan_year === null ? null : Number(r.plan_year),
  facts: factsOf(r),
});

const SELECT_PROJECT = `SELECT p.*, d.name AS department_name FROM project p
  LEFT JOIN department d ON d.code = p.department_code`;

async function batchOf(m: EntityManager, sessionInstanceKey: string): Promise<BatchedProject[]> {
  const rows = (await m.query(
    `SELECT q.*, i.round FROM session_item i JOIN (${SELECT_PROJECT}) q ON q.code = i.project_code
     WHERE i.session_instance_key = ? ORDER BY i.id`,
    [sessionInstanceKey],
  )) as Row[];
  return rows.map(toBatched);
}

export interface BatchRequest {
  kind: SessionKind;
  period: string;
  sessionInstanceKey: string;
  /** annual plan: only projects of this plan year */
  planYear?: number;
  now: Date;
}

export async function batchProjects(ds: DataSource, req: BatchRequest): Promise<BatchedProject[]> {
  return ds.transaction(async (m) => {
    const already = await batchOf(m, req.sessionInstanceKey);
    if (already.length > 0) return already;
    const params: (string | number)[] = [sessionMessages[req.kind].stage, req.kind];
    let planFilter = '';
    if (req.planYear !== undefined) {
      planFilter = ' AND p.plan_year = ?';
      params.push(req.planYear);
    }
    const waiting = (await m.query(
      `SELECT p.code FROM project p WHERE p.stage = ?
         AND NOT EXISTS (SELECT 1 FROM session_item i WHERE i.project_code = p.code
                           AND i.session_kind = ? AND i.decided_at IS NULL)${planFilter}
       ORDER BY p.created_at, p.code FOR UPDATE`,
      params,
    )) as { code: string }[];
    for (const { code } of waiting) {
      const [count] = (await m.query(
        'SELECT COUNT(*) AS n FROM session_item WHERE session_kind = ? AND project_code = ?',
        [req.kind, code],
      )) as { n: string | number }[];
      await m.query(
        `INSERT INTO session_item (session_kind, session_period, session_instance_key, project_code, round, batched_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
        [req.kind, req.period, req.sessionInstanceKey, code, Number(count?.n ?? 0) + 1, req.now],
      );
    }
    return batchOf(m, req.sessionInstanceKey);
  });
}
