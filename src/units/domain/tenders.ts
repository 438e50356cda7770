/**
 * Tender results of a project (M12): its designer, contractor and supervisor, chosen by lawful
 * tender, and the construction contract. M13: the supervisor enters together with the contractor
 * (and is not the contractor itself); M22.2: a unit on the dishonest-entity list on the day cannot
 * be chosen. What is refused is named in Chinese for the department's form and changes nothing.
 */
import type { DataSource } from 'typeorm';
import { appendAudit } from '../../audit';
import { shanghaiDateOf } from '../../calendar';
import { isCalendarDate } from '../../shared/validation';
import {
  ProjectTenderEntity,
  ProjectUnitEntity,
  UnitEntity,
  type DishonestEntityRow,
  type ProjectTenderRow,
  type UnitRole,
} from '../data-access/unit.entities';
import { creditCodeProblem } from './credit-code';
import { activeDishonestEntities } from './units';

export const TENDER_RULE = 'M12';

const ROLE_LABEL: Record<UnitRole, string> = {
  designer: '设计单位',
  contractor: '施工单位',
  supervisor: '监理单位',
};
const ROLES: UnitRole[] = ['designer', 'contractor', 'supervisor'];
/** Positive yuan with at most 2 decimals, as a string: money never passes through a float. */
const AMOUNT = /^\d{1,12}(\.\d{1,2})?$/;

export interface TenderUnit {
  name: string;
  creditCode: string;
}

/** The department's entries (empty strings already turned into null). */
export interface TenderResultsInput {
  projectCode: string;
  designer: Partial<TenderUnit>;
  contractor: Partial<TenderUnit>;
  supervisor: Partial<TenderUnit>;
  tenderReference: string | null;
  contractAmount: string | null;
  contractStart: string | null;
  contractEnd: string | null;
}

const given = (u: Partial<TenderUnit>) => Boolean(u.name || u.creditCode);

/** Everything wrong with the entries (Chinese), given the dishonest entities in force; empty: acceptable. */
export function tenderResultsProblems(input: TenderResultsInput, listed: DishonestEntityRow[]): string[] {
  const problems: string[] = [];
  for (const role of ROLES) {
    const unit = input[role];
    if (!given(unit)) continue;
    const label = ROLE_LABEL[role];
    if (!unit.name?.trim()) problems.push(`${label}：请填写单位名称`);
    if (!unit.creditCode) {
      problems.push(`${label}：请填写统一社会信用代码`);
      continue;
    }
    if (creditCodeProblem(unit.creditCode)) {
      problems.push(`${label}：统一社会信用代码 ${unit.creditCode} 无效（18位，末位为校验码）`);
      continue;
    }
    const entry = listed.find((d) => d.creditCode === unit.creditCode);
    if (entry)
      problems.push(
        `${label} ${unit.name ?? ''}（${unit.creditCode}）自 ${entry.listedFrom} 起列入失信名单，不得选用（M22.2）：${entry.reason}`,
      );
  }
  if (!ROLES.some((r) => given(input[r]))) problems.push('请至少录入一家中标单位（M12）');
  const contractor = given(input.contractor);
  if (contractor !== given(input.supervisor))
    problems.push('施工单位与监理单位须同时确定：不得只录入其中一家（M13）');
  if (
    contractor &&
    input.contractor.creditCode &&
    input.contractor.creditCode === input.supervisor.creditCode
  )
    problems.push('监理单位不得与施工单位为同一单位（M13）');
  const contract = [input.tenderReference, input.contractAmount, input.contractStart, input.contractEnd];
  if (!contractor) {
    if (contract.some((v) => v !== null)) problems.push('合同信息须与施工单位一并录入');
    return problems;
  }
  if (!input.tenderReference?.trim()) problems.push('请填写招标（合同）编号');
  if (input.contractAmount === null) problems.push('请填写合同金额');
  else if (!AMOUNT.test(input.contractAmount) || !/[1-9]/.test(input.contractAmount))
    problems.push(`合同金额须为大于0的金额（元，最多两位小数），而不是“${input.contractAmount}”`);
  for (const [value, label] of [
    [input.contractStart, '合同开工日期'],
    [input.contractEnd, '合同竣工日期'],
  ] as const) {
    if (value === null) problems.push(`请填写${label}`);
    else if (!isCalendarDate(value)) problems.push(`${label}“${value}”不是有效日期（YYYY-MM-DD）`);
  }
  if (
    input.contractStart &&
    input.contractEnd &&
    isCalendarDate(input.contractStart) &&
    isCalendarDate(input.contractEnd) &&
    input.contractEnd <= input.contractStart
  )
    problems.push(`合同竣工日期（${input.contractEnd}）须晚于开工日期（${input.contractStart}）`);
  return problems;
}

export type TenderResultsOutcome =
  | { refused: true; problems: string[] }
  | {
      refused: false;
      /** what the registry holds after recording: the supervisor's credit code (M13), the contract */
      supervisorCreditCode: string | null;
      tender: ProjectTenderRow;
    };

/**
 * Records the tender results once per task execution (`elementInstanceKey`): the units in the
 * registry, their roles on the project, the contract, and one audit entry. Refused entries change
 * nothing. Entries without a contractor keep the contract on record.
 */
export async function recordTenderResults(
  ds: DataSource,
  input: TenderResultsInput,
  elementInstanceKey: string,
  actor: string,
  now: Date,
): Promise<TenderResultsOutcome> {
  const listed = await activeDishonestEntities(ds, shanghaiDateOf(now));
  const problems = tenderResultsProblems(input, listed);
  if (problems.length > 0) return { refused: true, problems };
  const { projectCode } = input;
  return ds.transaction(async (tx) => {
    const [project] = (await tx.query('SELECT code FROM project WHERE code = ? FOR UPDATE', [
      projectCode,
    ])) as {
      code: string;
    }[];
    if (!project) throw new Error(`no project ${projectCode} in the registry`);
    const tenders = tx.getRepository(ProjectTenderEntity);
    const before = await tenders.findOneBy({ projectCode });
    if (before?.elementInstanceKey !== elementInstanceKey) {
      const units = ROLES.filter((r) => given(input[r])).map((role) => ({
        role,
        name: input[role].name!.trim(),
        creditCode: input[role].creditCode!,
      }));
      for (const u of units) {
        await tx
          .getRepository(UnitEntity)
          .upsert({ creditCode: u.creditCode, name: u.name, createdAt: now }, ['creditCode']);
        await tx.getRepository(ProjectUnitEntity).save({
          projectCode,
          role: u.role,
          creditCode: u.creditCode,
          assignedBy: actor,
          assignedAt: now,
        });
      }
      const contractor = given(input.contractor);
      const tender: ProjectTenderRow = {
        projectCode,
        tenderReference: contractor ? input.tenderReference!.trim() : (before?.tenderReference ?? null),
        contractAmount: contractor ? input.contractAmount : (before?.contractAmount ?? null),
        contractStart: contractor ? input.contractStart : (before?.contractStart ?? null),
        contractEnd: contractor ? input.contractEnd : (before?.contractEnd ?? null),
        elementInstanceKey,
        recordedAt: now,
      };
      await tenders.save(tender);
      await appendAudit(tx, {
        at: now,
        actor,
        action: 'project.tender-results.recorded',
        entityType: 'project',
        entityId: projectCode,
        beforeState: before ? { ...before } : null,
        afterState: {
          rule: TENDER_RULE,
          units: Object.fromEntries(units.map((u) => [u.role, { name: u.name, creditCode: u.creditCode }])),
          tenderReference: tender.tenderReference,
          contractAmount: tender.contractAmount,
          contractStart: tender.contractStart,
          contractEnd: tender.contractEnd,
        },
      });
    }
    const supervisor = await tx
      .getRepository(ProjectUnitEntity)
      .findOneBy({ projectCode, role: 'supervisor' });
    return {
      refused: false,
      supervisorCreditCode: supervisor?.creditCode ?? null,
      tender: await tenders.findOneByOrFail({ projectCode }),
    };
  });
}
