/** Reads scenario files from disk: JSON syntax and format problems are reported together, by file. */
import fs from 'node:fs';
import path from 'node:path';
import { orderScenarios, parseScenario, ScenarioError, type Scenario } from './schema';

const CITY_OFFSET_MS = 8 * 3_600_000; // Asia/Shanghai, no daylight saving

/** The city's calendar year of an instant. */
export const cityYearOf = (instant: Date): number =>
  new Date(instant.getTime() + CITY_OFFSET_MS).getUTCFullYear();

/** The same date and time of day in the city, `years` later (29 February becomes 1 March in a common year). */
export function shiftInstant(instant: Date, years: number): Date {
  const local = new Date(instant.getTime() + CITY_OFFSET_MS);
  local.setUTCFullYear(local.getUTCFullYear() + years);
  return new Date(local.getTime() - CITY_OFFSET_MS);
}

/** A scenario file's JSON moved by whole years: `start`, each `advanceTo` and each expected `planYear`. */
export function shiftScenarioJson(json: unknown, years: number): unknown {
  const shifted = structuredClone(json) as {
    start: string;
    steps: Record<string, unknown>[];
  };
  const move = (iso: string) => shiftInstant(new Date(iso), years).toISOString();
  shifted.start = move(shifted.start);
  for (const step of shifted.steps) {
    if (typeof step.advanceTo === 'string') step.advanceTo = move(step.advanceTo);
    const expect = step.expect as { planYear?: number | null } | undefined;
    if (typeof expect?.planYear === 'number') expect.planYear += years;
  }
  return shifted;
}

/** The scenario files beside the processes: `<root>/<process>/scenarios/*.json`. */
export function listScenarioFiles(root: string): string[] {
  return fs
    .readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => {
      const dir = path.join(root, d.name, 'scenarios');
      return fs.existsSync(dir)
        ? fs
            .readdirSync(dir)
            .filter((f) => f.endsWith('.json'))
            .map((f) => path.join(dir, f))
        : [];
    })
    .sort();
}

export interface ReadOptions {
  /** moves every file by whole years so that the earliest start falls in this year (city time) */
  year?: number;
}

export function readScenarioFiles(
  files: string[],
  now: Date = new Date(),
  opts: ReadOptions = {},
): Scenario[] {
  if (files.length === 0)
    throw new ScenarioError('name at least one scenario file: npm run scenario -- <file.json> …');
  const problems: string[] = [];
  const read: { file: string; json: unknown; scenario: Scenario }[] = [];
  for (const file of files) {
    let json: unknown;
    try {
      json = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (e) {
      problems.push(`${file}: ${(e as Error).message}`);
      continue;
    }
    try {
      read.push({ file, json, scenario: parseScenario(file, json) });
    } catch (e) {
      if (!(e instanceof ScenarioError)) throw e;
      problems.push(e.message);
    }
  }
  if (problems.length > 0) throw new ScenarioError(problems.join('\n'));
  let scenarios = read.map((r) => r.scenario);
  if (opts.year !== undefined) {
    const earliest = Math.min(...scenarios.map((s) => s.start.getTime()));
    const years = opts.year - cityYearOf(new Date(earliest));
    scenarios = read.map((r) => parseScenario(r.file, shiftScenarioJson(r.json, years)));
  }
  const ordered = orderScenarios(scenarios);
  const first = ordered[0]!;
  // a fresh broker's clock starts at the present and only moves forward
  if (first.start < now) {
    throw new ScenarioError(
      `${first.file}: start: ${first.start.toISOString()} is in the past; the broker's clock starts at the present time and only moves forward — choose a later start (e.g. next year's date, or --year=<YYYY>)`,
    );
  }
  return ordered;
}
