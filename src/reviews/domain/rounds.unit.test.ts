import { nextRound, roundKinds, roundRefusal } from './rounds';

describe('review rounds (M11.1, M11.4, M11.5)', () => {
  it('starts with a first review, then a second after a failure, then anew after two failures', () => {
    // given the outcomes so far; when the next round is asked for; then its kind
    expect(nextRound([])).toEqual({ kind: 'first' });
    expect(nextRound(['failed'])).toEqual({ kind: 'second' });
    expect(nextRound(['failed', 'failed'])).toEqual({ kind: 'first' });
    expect(nextRound(['failed', 'failed', 'failed'])).toEqual({ kind: 'second' });
    expect(roundKinds(['failed', 'failed', 'failed', 'passed'])).toEqual([
      'first',
      'second',
      'first',
      'second',
    ]);
  });

  it('refuses a third review of the same materials, naming M11.5', () => {
    // given two failed reviews of the same materials; when a (second-kind) review is asked for
    const reason = roundRefusal(['failed', 'failed'], 'second');
    // then it is refused with what to do; a fresh first review is allowed (positive control)
    expect(reason).toMatch(/不得进行第三轮评审.*重新编制.*M11\.5/);
    expect(roundRefusal(['failed', 'failed'], 'first')).toBeUndefined();
  });

  it('refuses a round while one is open or after the review passed, and a restart after one failure', () => {
    expect(roundRefusal(['pending'], 'second')).toContain('尚未作出结论');
    expect(roundRefusal(['passed'], 'first')).toContain('已通过');
    expect(roundRefusal(['failed'], 'first')).toContain('M11.4');
    expect(roundRefusal(['failed'], 'second')).toBeUndefined();
  });
});
