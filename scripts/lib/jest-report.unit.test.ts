import { failedTests, type JestReport } from './jest-report';

const report = (testResults: JestReport['testResults']): JestReport => ({
  numPassedTests: 0,
  numFailedTests: 0,
  testResults,
});

describe('failedTests', () => {
  it('names each failed test with the start of its message, without colours or stack', () => {
    // given a report with one passed and one failed test
    const r = report([
      {
        name: '/repo/bench/drills/a.drill.test.ts',
        message: 'suite text',
        assertionResults: [
          { fullName: 'drill: a works', status: 'passed' },
          {
            fullName: 'drill: a loses nothing',
            status: 'failed',
            failureMessages: [
              '\u001b[31mError: expect(received).toBe(expected)\u001b[39m\n\nExpected: 0\nReceived: 3\n    at Object.<anonymous> (a.ts:1:1)',
            ],
          },
        ],
      },
    ]);

    // when the failures are listed
    const lines = failedTests(r, '/repo');

    // then only the failed test is named, relative to the root, with its assertion
    expect(lines).toEqual([
      'bench/drills/a.drill.test.ts › drill: a loses nothing\n  Error: expect(received).toBe(expected)\n  Expected: 0\n  Received: 3',
    ]);
  });

  it('names a suite that failed without a failed test (it did not load)', () => {
    // given a suite whose tests never ran
    const r = report([
      { name: '/repo/x.int.test.ts', message: 'Cannot find module ./y', assertionResults: [] },
    ]);

    // when/then the suite is named with its message
    expect(failedTests(r, '/repo')).toEqual(['x.int.test.ts\n  Cannot find module ./y']);
  });

  it('lists nothing for a passing run', () => {
    const r = report([
      { name: '/repo/x.int.test.ts', message: '', assertionResults: [{ fullName: 'x', status: 'passed' }] },
    ]);
    expect(failedTests(r, '/repo')).toEqual([]);
  });
});
