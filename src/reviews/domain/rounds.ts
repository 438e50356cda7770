/**
 * Which review round may open next, from the outcomes of the earlier ones (M11.1, M11.4, M11.5):
 * materials are reviewed first; failed, they are revised and reviewed a second time; failed twice,
 * they are prepared anew (M11.5) and the review starts over with a first review. A third review of
 * the same materials is never allowed.
 */
export type RoundKind = 'first' | 'second';
export type RoundOutcome = 'pending' | 'passed' | 'failed';

export type NextRound = { kind: RoundKind } | { refused: string };

/** The kind of each round, oldest first, given their outcomes. */
export function roundKinds(outcomes: readonly RoundOutcome[]): RoundKind[] {
  const kinds: RoundKind[] = [];
  let kind: RoundKind = 'first';
  for (const outcome of outcomes) {
    kinds.push(kind);
    kind = outcome === 'failed' && kind === 'first' ? 'second' : 'first';
  }
  return kinds;
}

export function nextRound(outcomes: readonly RoundOutcome[]): NextRound {
  const last = outcomes.at(-1);
  if (last === undefined) return { kind: 'first' };
  const n = outcomes.length;
  if (last === 'pending') return { refused: `第 ${n} 轮评审尚未作出结论，不能开始新一轮评审` };
  if (last === 'passed') return { refused: `第 ${n} 轮评审已通过，评审已结束` };
  return { kind: roundKinds(outcomes).at(-1) === 'first' ? 'second' : 'first' };
}

/**
 * Whether a round of `kind` may open after `outcomes`: the reason it may not, in Chinese for the
 * incident, or undefined.
 */
export function roundRefusal(outcomes: readonly RoundOutcome[], kind: RoundKind): string | undefined {
  const next = nextRound(outcomes);
  if ('refused' in next) return next.refused;
  if (next.kind === kind) return undefined;
  return kind === 'second'
    ? '同一套评审材料已两次评审未通过，不得进行第三轮评审：须重新编制评审材料后重新开始评审（M11.5）'
    : `上一轮初审未通过，下一轮应为修改后的复审（M11.4），不能重新开始初审`;
}
