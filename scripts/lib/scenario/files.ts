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

const DATE_OR_INSTANT = /^\d{4}-\d{2}-\d{2}($|T)/;

/** A calendar date (`2028-06-30`) or an instant in a task's variables, `years` later in the city. */
function shiftValue(value: unknown, years: number): unknown {
  if (typeof value !== 'string' || !DATE_OR_INSTANT.test(value)) return value;
  if (value.length === 10) {
    const moved = shiftInstant(new Date(`${value}T12:00:00+08:00`), years);
    return new Date(moved.getTime() + CITY_OFFSET_MS).toISOString().slice(0, 10);
  }
  const instant = new Date(value);
  return Number.isNaN(instant.getTime()) ? value : shiftInstant(instant, years).toISOString();
}

/**
 * A scenario file's JSON moved by whole years: `start`, each `advanceTo`, each expected
 * `planYear`, and the dates and instants a `complete` step gives its task (a contract's end date).
 */
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
    const complete = step.complete as { variables?: Record<string, unknown> } | undefined;
    if (complete?.variables && typeof complete.variables === 'object')
      for (const [k, v] of Object.entries(complete.variables)) complete.variables[k] = shiftValue(v, years);
  }
  return shifted;
}

/** The scenario files beside the processes: `<root>/<process>/scenarios/*.json`. */
export function listScenarioFiles(root: string): string[] {
  // the scenarios of one process beside it (workflows/<process>/scenarios), and those across
  // processes (workflows/scenarios)
  const dirs = [
    path.join(root, 'scenarios'),
    ...fs
      .readdirSync(root, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => path.join(root, d.name, 'scenarios')),
  ];
  return dirs
    .filter((dir) => fs.existsSync(dir))
    .flatMap((dir) =>
      fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .map((f) => path.join(dir, f)),
    )
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
