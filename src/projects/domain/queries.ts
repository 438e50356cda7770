/** Reading projects, always within what the user may see. */
import type { DataSource } from 'typeorm';
import { AuditEntryEntity } from '../../audit/data-access/audit-entry.entity';
import { DeadlineBreachEntity } from '../../deadlines/data-access/deadline-breach.entity';
import { DeadlineEntity } from '../../deadlines/data-access/deadline.entity';
import { MaterialReceiptEntity } from '../../receipts/data-access/material-receipt.entity';
import { AppError } from '../../shared/errors';
import type { AuthUser } from '../../users';
import { ProjectDepartmentEntity, ProjectEntity, type ProjectRow } from '../data-access/project.entities';
import { seesAllProjects } from './access';
import type { ListQuery } from './schemas';

const sortColumns = {
  createdAt: 'p.created_at',
  code: 'p.code',
  budgetEstimate: 'p.budget_estimate',
} as const;

/** Projects the user may see; a department applicant's go through project_department (owner or participant). */
function visible(ds: DataSource, user: AuthUser) {
  const q = ds.getRepository(ProjectEntity).createQueryBuilder('p');
  if (seesAllProjects(user)) return q;
  return q.innerJoin('ProjectDepartment', 'm', 'm.project_code = p.code AND m.department_code = :own', {
    own: user.departmentCode ?? '',
  });
}

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

export async function listProjects(ds: DataSource, user: AuthUser, query: ListQuery) {
  const q = visible(ds, user);
  if (query.stage) q.andWhere('p.stage = :stage', { stage: query.stage });
  if (query.department) q.andWhere('p.department_code = :department', { department: query.department });
  if (query.planYear) q.andWhere('p.plan_year = :planYear', { planYear: query.planYear });
  const descending = query.sort.startsWith('-');
  const key = query.sort.replace('-', '') as keyof typeof sortColumns;
  // for a department's list, the membership row carries created_at too: its index gives the order
  const column = key === 'createdAt' && !seesAllProjects(user) ? 'm.created_at' : sortColumns[key];
  const tieBreak = column === 'm.created_at' ? 'm.project_code' : 'p.code';
  q.orderBy(column, descending ? 'DESC' : 'ASC').addOrderBy(tieBreak, descending ? 'DESC' : 'ASC');
  const scope = seesAllProjects(user) ? '*' : `dept:${user.departmentCode ?? ''}`;
  const countKey = JSON.stringify([scope, query.stage, query.department, query.planYear]);
  const [items, total] = await Promise.all([
    q
      .clone()
      .offset((query.page - 1) * query.pageSize)
      .limit(query.pageSize)
      .getMany(),
    cachedCount(countKey, () => q.clone().orderBy().getCount()),
  ]);
  return { items, total, page: query.page, pageSize: query.pageSize };
}

export async function getProject(
  ds: DataSource,
  user: AuthUser,
  code: string,
): Promise<ProjectRow & { participatingDepartments: string[] }> {
  const project = await visible(ds, user).andWhere('p.code = :code', { code }).getOne();
  // the same answer whether the project does not exist or belongs to another department
  if (!project) throw new AppError('not-found', `no project ${code} that you may see`);
  const participants = await ds
    .getRepository(ProjectDepartmentEntity)
    .findBy({ projectCode: code, role: 'participant' });
  return { ...project, participatingDepartments: participants.map((p) => p.departmentCode) };
}

/** Everything recorded about a project, oldest first: audit entries, deadlines, breaches, receipts. */
export async function projectTimeline(ds: DataSource, user: AuthUser, code: string) {
  const project = await getProject(ds, user, code);
  const [audit, deadlines, breaches, receipts] = await Promise.all([
    ds
      .getRepository(AuditEntryEntity)
      .find({ where: { entityType: 'project', entityId: code }, order: { id: 'ASC' } }),
    ds.getRepository(DeadlineEntity).find({ where: { projectCode: code }, order: { dueAt: 'ASC' } }),
    ds.getRepository(DeadlineBreachEntity).find({ where: { projectCode: code }, order: { id: 'ASC' } }),
    ds.getRepository(MaterialReceiptEntity).find({ where: { projectCode: code }, order: { id: 'ASC' } }),
  ]);
  const events = [
    ...audit.map((a) => ({ at: a.at, type: 'audit', action: a.action, actor: a.actor })),
    ...receipts.map((r) => ({ at: r.receivedAt, type: 'materials-received', receiptId: r.id })),
    ...deadlines.map((d) => ({
      at: d.createdAt,
      type: 'deadline-set',
      ruleId: d.ruleId,
      dueAt: d.dueAt,
      provisional: d.provisional,
      state: d.state,
    })),
    ...breaches.map((b) => ({
      at: b.recordedAt,
      type: 'deadline-missed',
      ruleId: b.rule,
      deadline: b.deadline,
    })),
  ].sort((a, b) => a.at.getTime() - b.at.getTime());
  return { project, stage: project.stage, events, deadlines };
}
