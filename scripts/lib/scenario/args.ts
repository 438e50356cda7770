/** The command line of `npm run scenario` (README, "Scenarios"). */
import { ScenarioError } from './schema';

export const USAGE = 'npm run scenario -- [--attach] [--year=YYYY] <file.json> [more.json …]';

export interface ScenarioArgs {
  files: string[];
  /** run on the configured cluster and database instead of a stack of its own */
  attach: boolean;
  /** move the files by whole years so that the earliest start falls in this year */
  year?: number;
}

export function parseArgs(argv: string[]): ScenarioArgs {
  const out: ScenarioArgs = { files: [], attach: false };
  for (const arg of argv) {
    if (arg === '--attach') out.attach = true;
    else if (arg.startsWith('--year=')) {
      const year = arg.slice('--year='.length);
      if (!/^\d{4}$/.test(year))
        throw new ScenarioError(`--year: a year of four digits, e.g. --year=2031 (${USAGE})`);
      out.year = Number(year);
    } else if (arg.startsWith('--')) throw new ScenarioError(`unknown option ${arg} (${USAGE})`);
    else out.files.push(arg);
  }
  return out;
}
