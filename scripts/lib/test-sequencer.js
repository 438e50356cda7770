// Jest's own order (failed first, then slowest first), except for suites that depend on or disturb
// the shared test stack as a whole.
const Sequencer = require('@jest/test-sequencer').default;

/**
 * suites that wait for Tasklist to import what the broker exported: first, while its importer has
 * little to do (after the other suites' bursts it lagged 150 s and more behind the broker in CI)
 */
const EARLY = ['src/notifications/domain/watcher.int.test.ts'];
/**
 * suites that move the broker's clock by a year or more, in this order: after the others (the timers
 * the others left fire at once, and the sessions opened meanwhile swamp the broker), before the last.
 * The scenario suite first: it withdraws the proposals the others left waiting for a session.
 */
const LATE = [
  'scripts/scenario.int.test.ts',
  'workflows/technical-review-2020/technical-review-2020.int.test.ts',
];
/** suites that kill a service of the test stack (and start it again): last */
const LAST = ['opensearch-killed.int.test.ts'];

class StackSafeSequencer extends Sequencer {
  async sort(tests) {
    const sorted = [...(await super.sort(tests))];
    const among = (names) => (t) => names.some((name) => t.path.endsWith(name));
    const early = among(EARLY);
    const late = among(LATE);
    const last = among(LAST);
    return [
      ...sorted.filter(early),
      ...sorted.filter((t) => !early(t) && !late(t) && !last(t)),
      ...LATE.flatMap((name) => sorted.filter(among([name]))),
      ...sorted.filter(last),
    ];
  }
}

module.exports = StackSafeSequencer;
