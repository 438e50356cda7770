/** Reading projects, always within what the user may see. */
import { Brackets, type DataSource } from 'typeorm';
import { AuditEntryEntity } from '../../audit/data-access/audit-entry.entity';
import { DeadlineBreachEntity } from '../../deadlines/data-access/deadline-breach.entity';
import { DeadlineEntity } from '../../deadlines/data-access/deadline.entity';
import { MaterialReceiptEntity } from '../../receipts/data-access/material-receipt.entity';
import { AppError } from '../../shared/errors';
import type { AuthUser } from '../../users';
import { ProjectEntity, ProjectParticipantEntity, type ProjectRow } from '../data-access/project.entities';
import { seesAllProjects } from './access';
import type { ListQuery } from './schemas';

const sortColumns = {
  createdAt: 'p.created_at',
  code: 'p.code',
  budgetEstimate: 'p.budget_estimate',
} as const;

function visible(ds: DataSource, user: AuthUser) {
  const q = ds.getRepository(ProjectEntity).createQueryBuilder('p');
  if (seesAllProjects(user)) return q;
  return q.where(
    new Brackets((w) =>
      w
        .where('p.department_code = :own', { own: user.departmentCode ?? '' })
        .orWhere(
          'EXISTS (SELECT 1 FROM project_participant pp WHERE pp.project_code = p.code AND pp.department_code = :own)',
        ),
    ),
  );
}

export async function listProjects(ds: DataSource, user: AuthUser, query: ListQuery) {
  const q = visible(ds, user);
  if (query.stage) q.andWhere('p.stage = :stage', { stage: query.stage });
  if (query.department) q.andWhere('p.department_code = :department', { department: query.department });
  if (query.planYear) q.andWhere('p.plan_year = :planYear', { planYear: query.planYear });
  const descending = query.sort.startsWith('-');
  const column = sortColumns[query.sort.replace('-', '') as keyof typeof sortColumns];
  q.orderBy(column, descending ? 'DESC' : 'ASC').addOrderBy('p.code', descending ? 'DESC' : 'ASC');
  const [items, total] = await q
    .skip((query.page - 1) * query.pageSize)
    .take(query.pageSize)
    .getManyAndCount();
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
  const participants = await ds.getRepository(ProjectParticipantEntity).findBy({ projectCode: code });
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
