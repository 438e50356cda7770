/**
 * Units and the dishonest-entity list (M22.2). A unit on the list on the day of assignment cannot
 * be chosen as a project's designer, contractor or supervisor; listing and assigning are audited.
 */
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { appendAudit } from '../../audit';
import { shanghaiDateOf } from '../../calendar';
import { getProject } from '../../projects';
import { AppError } from '../../shared/errors';
import { calendarDate, visibleText } from '../../shared/validation';
import { Role, type AuthUser } from '../../users';
import {
  DishonestEntityEntity,
  ProjectUnitEntity,
  UnitEntity,
  type DishonestEntityRow,
} from '../data-access/unit.entities';
import { creditCodeProblem } from './credit-code';

export const creditCodeSchema = z.string().superRefine((v, ctx) => {
  const problem = creditCodeProblem(v);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

export const dishonestListingSchema = z
  .strictObject({
    creditCode: creditCodeSchema,
    name: visibleText({ min: 2, max: 200 }),
    reason: visibleText({
      min: 10,
      max: 1000,
      multiline: true,
      message: 'state the reason (at least 10 visible characters)',
    }),
    listedFrom: calendarDate,
    listedUntil: calendarDate.optional(),
  })
  .refine((v) => !v.listedUntil || v.listedUntil >= v.listedFrom, {
    message: 'listedUntil must not be before listedFrom',
    path: ['listedUntil'],
  });

export const unitAssignmentSchema = z.strictObject({
  creditCode: creditCodeSchema,
  name: visibleText({ min: 2, max: 200 }),
});

export const unitRoleSchema = z.enum(
  ['designer', 'contractor', 'supervisor'],
  'role must be designer, contractor or supervisor',
);

const officer = (user: AuthUser) =>
  user.roles.some((r) => r === Role.AgencyOfficer || r === Role.Administrator);

/** Entries in force on `date` (YYYY-MM-DD). */
export function activeDishonestEntities(ds: DataSource, date: string): Promise<DishonestEntityRow[]> {
  return ds
    .getRepository(DishonestEntityEntity)
    .createQueryBuilder('d')
    .where('d.listed_from <= :date AND (d.listed_until IS NULL OR d.listed_until >= :date)', { date })
    .orderBy('d.listed_from', 'DESC')
    .getMany();
}

export async function listDishonestEntity(
  ds: DataSource,
  user: AuthUser,
  input: z.infer<typeof dishonestListingSchema>,
  now: Date,
): Promise<DishonestEntityRow> {
  if (!officer(user) || (!user.roles.includes(Role.Administrator) && !user.agencyCode)) {
    throw new AppError(
      'forbidden',
      'only an agency officer (of the deciding agency) or an administrator may list an entity',
    );
  }
  return ds.transaction(async (tx) => {
    const row = {
      ...input,
      listedUntil: input.listedUntil ?? null,
      decidedByAgency: user.agencyCode ?? 'admin',
      listedBy: user.username,
      listedAt: now,
    };
    const { identifiers } = await tx.getRepository(DishonestEntityEntity).insert(row);
    const id = String(identifiers[0]!.id);
    await appendAudit(tx, {
      at: now,
      actor: user.username,
      action: 'dishonest.list',
      entityType: 'dishonest_entity',
      entityId: id,
      beforeState: null,
      afterState: row,
    });
    return { ...row, id };
  });
}

export async function assignUnit(
  ds: DataSource,
  user: AuthUser,
  projectCode: string,
  role: z.infer<typeof unitRoleSchema>,
  unit: z.infer<typeof unitAssignmentSchema>,
  now: Date,
) {
  const project = await getProject(ds, user, projectCode);
  const ownsProject =
    user.roles.includes(Role.DepartmentApplicant) && user.departmentCode === project.departmentCode;
  if (!officer(user) && !ownsProject)
    throw new AppError(
      'forbidden',
      "only the owning department or an agency officer may record the project's units",
    );
  const today = shanghaiDateOf(now);
  const listed = (await activeDishonestEntities(ds, today)).find((d) => d.creditCode === unit.creditCode);
  if (listed) {
    throw new AppError(
      'conflict',
      `${unit.name} (${unit.creditCode}) is on the dishonest-entity list since ${listed.listedFrom} and cannot be chosen (M22.2): ${listed.reason}`,
    );
  }
  return ds.transaction(async (tx) => {
    await tx
      .getRepository(UnitEntity)
      .upsert({ creditCode: unit.creditCode, name: unit.name, createdAt: now }, ['creditCode']);
    const before = await tx.getRepository(ProjectUnitEntity).findOneBy({ projectCode, role });
    const after = {
      projectCode,
      role,
      creditCode: unit.creditCode,
      assignedBy: user.username,
      assignedAt: now,
    };
    await tx.getRepository(ProjectUnitEntity).save(after);
    await appendAudit(tx, {
      at: now,
      actor: user.username,
      action: `unit.assign.${role}`,
      entityType: 'project',
      entityId: projectCode,
      beforeState: before,
      afterState: after,
    });
    return after;
  });
}
