/** What `npm test` reads from jest's JSON report (`--json --outputFile`). */
export interface JestReport {
  numPassedTests: number;
  numFailedTests: number;
  testResults: {
    name: string;
    message?: string;
    assertionResults: { fullName: string; status: string; failureMessages?: string[] }[];
  }[];
}

const MESSAGE_LINES = 6;

/** ANSI colour codes jest leaves in its messages. */
const COLOUR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');
const stripColour = (s: string) => s.replace(COLOUR, '');

/** The first lines of a failure message: the assertion and its expected/received, not the stack. */
function head(message: string): string {
  return stripColour(message)
    .split('\n')
    .filter((l) => l.trim() !== '' && !/^\s+at /.test(l))
    .slice(0, MESSAGE_LINES)
    .join('\n  ');
}

/**
 * One line block per failed test (file, test name, the start of its message), and one per suite
 * that failed without a test failing (a suite that did not load, a hook that threw).
 */
export function failedTests(report: JestReport, root = ''): string[] {
  const out: string[] = [];
  for (const suite of report.testResults) {
    const file = root && suite.name.startsWith(root) ? suite.name.slice(root.length + 1) : suite.name;
    const failed = suite.assertionResults.filter((a) => a.status === 'failed');
    for (const a of failed)
      out.push(`${file} › ${a.fullName}\n  ${head((a.failureMessages ?? []).join('\n'))}`);
    if (failed.length === 0 && suite.message) out.push(`${file}\n  ${head(suite.message)}`);
  }
  return out;
}
