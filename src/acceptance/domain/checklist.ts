/**
 * What final acceptance requires, as pure functions: the checklist the EIB and the Archives Bureau
 * fill in (data sharing M19, network and data security M23, cryptography M25, secure and
 * controllable equipment M26, the project archive M19 with article 4 ¶6), the documents that must be in the
 * project's document store, and the end of the free O&M period after acceptance (M20).
 * Every problem is one Chinese sentence naming its rule, shown to the department.
 */
import { addMonths, type LocalDate } from '../../calendar/domain/local-date';
import type { ChecklistItemResult } from '../data-access/acceptance.entities';

export const CHECKLIST_ITEMS = [
  { key: 'dataSharing', rule: 'M19', label: '数据共享' },
  { key: 'networkSecurity', rule: 'M23', label: '网络和数据安全' },
  { key: 'cryptography', rule: 'M25', label: '密码应用' },
  { key: 'secureControllable', rule: 'M26', label: '网络设备、安全设备、服务器、存储设备安全自主可控' },
  { key: 'archives', rule: 'M19', label: '项目档案（含电子档案）整理归档' },
] as const;
export type ChecklistKey = (typeof CHECKLIST_ITEMS)[number]['key'];
export type Checklist = Record<ChecklistKey, ChecklistItemResult>;

/** Documents final acceptance needs in the store, with the rule each serves. */
export const ACCEPTANCE_DOCUMENTS = [
  { type: 'acceptance-report', rule: 'M17', label: '竣工验收报告' },
  { type: 'security-assessment', rule: 'M23', label: '网络和数据安全检测与风险评估报告' },
  { type: 'cryptography-assessment', rule: 'M25', label: '密码应用安全性评估报告' },
] as const;

/** One problem per item not confirmed compliant: failed (with the officer's note) or left unanswered. */
export function checklistProblems(checklist: Checklist): string[] {
  const problems: string[] = [];
  for (const item of CHECKLIST_ITEMS) {
    const result = checklist[item.key];
    if (result.compliant === true) continue;
    const note = result.note?.trim();
    problems.push(
      result.compliant === false
        ? `${item.label}不符合要求（${item.rule}）：${note || '未填写说明'}`
        : `${item.label}未经确认（${item.rule}）`,
    );
  }
  return problems;
}

/** One problem per required document type that has no version in the store. */
export function missingDocumentProblems(storedTypes: ReadonlySet<string>): string[] {
  return ACCEPTANCE_DOCUMENTS.filter((d) => !storedTypes.has(d.type)).map(
    (d) => `缺少${d.label}（${d.rule}），请先上传（类型 ${d.type}）`,
  );
}

/** M20: no special O&M funds for three years after final acceptance. */
export const OM_FREE_YEARS = 3;

/**
 * The day the free O&M period of M20 ends: the third anniversary of the final acceptance date
 * (calendar years; 29 February falls back to 28 February). The period covers the three years from
 * the acceptance date up to, not including, this day; M27's funding application is due on 31 August
 * of the year before it (`omFundingApplicationDeadline(omFreeUntil)`).
 */
export function omFreeUntil(finalAcceptanceDate: LocalDate): LocalDate {
  return addMonths(finalAcceptanceDate, OM_FREE_YEARS * 12);
}
