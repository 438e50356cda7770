/**
 * Settlement amounts (M21) as the department enters them: yuan as exact decimal strings, never
 * floats. A value from a form may arrive as a string or a number; anything that is not an amount of
 * yuan ≥ 0.01 with at most two decimals is a problem named in Chinese, never a silent coercion.
 */
import { shanghaiTime } from '../../calendar/domain/local-date';
import { isCalendarDate } from '../../shared/validation';

const YUAN = /^\d{1,12}(\.\d{1,2})?$/;

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

/** An amount of yuan > 0 as a DECIMAL(14,2) string ("100000000.00"), or the problem with it. */
export function parseYuan(value: unknown, label: string): Parsed<string> {
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value;
  if (text === null || text === undefined || (typeof text === 'string' && text.trim() === ''))
    return { ok: false, problem: `请填写${label}（元）（M21）` };
  if (typeof text !== 'string') return { ok: false, problem: `${label}不是有效金额（M21）` };
  const t = text.trim();
  if (/^-\s*\d/.test(t)) return { ok: false, problem: `${label}不能为负数：${t}（M21）` };
  if (!YUAN.test(t))
    return {
      ok: false,
      problem: `${label}不是有效金额：“${t.slice(0, 40)}”，应为以元为单位、最多两位小数的数字，如 1000000.00（M21）`,
    };
  const [whole, decimals = ''] = t.split('.');
  const yuan = `${BigInt(whole!)}.${decimals.padEnd(2, '0')}`;
  if (yuan === '0.00') return { ok: false, problem: `${label}须大于 0（M21）` };
  return { ok: true, value: yuan };
}

export interface SettlementInput {
  settledAmount: unknown;
  settlementDate: unknown;
  /** the approved amount; when not given, the approved estimate (`budgetEstimate`) */
  approvedAmount: unknown;
  budgetEstimate: unknown;
}

export interface ValidSettlement {
  settledAmount: string;
  approvedAmount: string;
  settlementDate: string;
}

/** The settlement as entered, checked field by field: every problem is listed, none is fixed silently. */
export function validateSettlement(
  s: SettlementInput,
  today: string,
): { ok: true; value: ValidSettlement } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  const settled = parseYuan(s.settledAmount, '结算金额');
  // M21 routes on the approved amount (批复金额): the estimate approved for the project, which the
  // lifecycle carries as budgetEstimate; the department corrects it when the approval differs.
  const approvedGiven =
    s.approvedAmount !== null && s.approvedAmount !== undefined && s.approvedAmount !== '';
  const approved = parseYuan(approvedGiven ? s.approvedAmount : s.budgetEstimate, '批复金额');
  if (!settled.ok) problems.push(settled.problem);
  if (!approved.ok) problems.push(approved.problem);
  const date = typeof s.settlementDate === 'string' ? s.settlementDate.trim() : '';
  if (!isCalendarDate(date)) problems.push(`结算日期须为有效日期 YYYY-MM-DD（M21）`);
  else if (date > today) problems.push(`结算日期 ${date} 晚于今天 ${today}：尚未办理的结算不能登记（M21）`);
  if (!settled.ok || !approved.ok || problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    value: { settledAmount: settled.value, approvedAmount: approved.value, settlementDate: date },
  };
}

/**
 * M21: the two months count from the later of final acceptance and settlement. A settlement date
 * counts from the start of that day (Asia/Shanghai); on the day of final acceptance, the acceptance.
 */
export function reviewClockStart(finalAcceptedAt: Date, settlementDate: string): Date {
  const settled = shanghaiTime(settlementDate, 0);
  return settled.getTime() > finalAcceptedAt.getTime() ? settled : finalAcceptedAt;
}
