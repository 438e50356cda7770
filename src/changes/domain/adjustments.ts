/**
 * M16 arithmetic, exact: yuan amounts (decimal strings) become integer fen, ratios are compared as
 * integers, so 15.00 % and 15.01 % never meet a float. The route mirrors the `change-route` DMN
 * decision (a test evaluates both on the same inputs).
 */
import { AppError } from '../../shared/errors';
import type { ChangeRoute } from '../data-access/change-request.entity';

/** M16: cumulative absolute adjustments up to 15 % of the approved estimate (inclusive) are filed. */
export const FILING_LIMIT_BASIS_POINTS = 1500;

/** The ratio column, DECIMAL(7,4) as a fraction, holds at most 999.9999 (9 999 999 basis points). */
const MAX_STORABLE_BASIS_POINTS = 9_999_999;

const YUAN = /^(-?)(\d+)(?:\.(\d{1,2}))?$/;

/** "−120000.5" → −12000050n. Only for amounts already validated (the schema, or a DECIMAL column). */
export function toFen(yuan: string): bigint {
  const m = YUAN.exec(yuan);
  if (!m) throw new Error(`not an amount of yuan: "${yuan}"`);
  const fen = BigInt(m[2]!) * 100n + BigInt((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -fen : fen;
}

/** −12000050n → "-120000.50". */
export function toYuan(fen: bigint): string {
  const abs = fen < 0n ? -fen : fen;
  return `${fen < 0n ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

/**
 * Basis points (1/100 %) of `partFen` in `wholeFen` (> 0), rounded up: the result is ≤ 1500
 * exactly when the true ratio is ≤ 15 %, so the DMN compares integers and loses nothing.
 */
export function basisPoints(partFen: bigint, wholeFen: bigint): number {
  return Number((partFen * 10_000n + wholeFen - 1n) / wholeFen);
}

/** 1501 → "0.1501": the cumulative ratio as the fraction the change_request row stores. */
export const ratioOfBasisPoints = (bp: number) =>
  `${Math.floor(bp / 10_000)}.${String(bp % 10_000).padStart(4, '0')}`;

/** The inputs of the `change-route` decision. */
export interface ChangeRouteInput {
  /** the cumulative absolute adjustment in basis points of the approved estimate, rounded up */
  cumulativeRatio: number;
  /** the project's total after the change stays within the approved estimate */
  withinEstimate: boolean;
}

/** M16, as the `change-route` DMN decides it: file, or EIB approval. */
export const changeRoute = (v: ChangeRouteInput): ChangeRoute =>
  v.withinEstimate && v.cumulativeRatio <= FILING_LIMIT_BASIS_POINTS ? 'file' : 'approve';

/** The sums of a project's adjustments against its approved estimate. */
export interface AdjustmentSums {
  /** the sum of |adjustment|, in fen */
  cumulativeFen: bigint;
  /** the sum of the signed adjustments, in fen */
  netFen: bigint;
  /** the approved estimate plus the signed adjustments, in fen: the project's total starts at the estimate */
  totalFen: bigint;
  /** `cumulativeFen` in basis points of the approved estimate, rounded up */
  cumulativeRatio: number;
  /** the same as the stored fraction ("0.1500") */
  ratio: string;
}

/** Sums the signed `amounts` (yuan; rejected changes left out) against the approved estimate. */
export function adjustmentSums(approvedEstimate: string, amounts: string[]): AdjustmentSums {
  const estimateFen = toFen(approvedEstimate);
  const fen = amounts.map(toFen);
  const cumulativeFen = fen.reduce((sum, f) => sum + (f < 0n ? -f : f), 0n);
  const netFen = fen.reduce((sum, f) => sum + f, 0n);
  const cumulativeRatio = basisPoints(cumulativeFen, estimateFen);
  return {
    cumulativeFen,
    netFen,
    totalFen: estimateFen + netFen,
    cumulativeRatio,
    ratio: ratioOfBasisPoints(cumulativeRatio),
  };
}

export type ChangeAssessment = AdjustmentSums & ChangeRouteInput & { route: ChangeRoute };

/** A change of `adjustment` yuan after the `earlier` ones (signed yuan; rejected changes left out). */
export function assessChange(a: {
  approvedEstimate: string;
  earlier: string[];
  adjustment: string;
}): ChangeAssessment {
  const sums = adjustmentSums(a.approvedEstimate, [...a.earlier, a.adjustment]);
  const input = {
    cumulativeRatio: sums.cumulativeRatio,
    withinEstimate: sums.totalFen <= toFen(a.approvedEstimate),
  };
  return { ...sums, ...input, route: changeRoute(input) };
}

/**
 * Why the change cannot be recorded (bad-request naming adjustmentAmount), or nothing: a change that
 * takes the project's total above the approved estimate is no M16 change; nor is one below zero.
 */
export function refuseChange(a: ChangeAssessment, approvedEstimate: string): void {
  const refuse = (message: string) =>
    new AppError('bad-request', `adjustmentAmount: ${message}`, {
      details: { errors: [{ path: 'adjustmentAmount', message }] },
    });
  if (!a.withinEstimate)
    throw refuse(
      `this change would take the project's total to ${toYuan(a.totalFen)} yuan, above the approved estimate of ${approvedEstimate} yuan; ` +
        'M16 covers changes within the approved estimate only / 调整后项目总投资超出概算批复金额，不属于变更调整',
    );
  if (a.totalFen < 0n)
    throw refuse(
      `this change would take the project's total to ${toYuan(a.totalFen)} yuan, below zero / 调整后项目总投资不能为负`,
    );
  if (a.cumulativeRatio > MAX_STORABLE_BASIS_POINTS)
    throw refuse(
      'the cumulative adjustments would exceed 999 times the approved estimate / 累计调整金额过大',
    );
}
