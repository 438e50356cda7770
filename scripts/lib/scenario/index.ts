/** The scenario runner (README, "Scenarios"): parse files, run them on a stack, print what happened. */
export {
  parseScenario,
  orderScenarios,
  ScenarioError,
  EVENT_KINDS,
  type Scenario,
  type Step,
  type EventKind,
  type Expectation,
} from './schema';
export { RecordTracker, type ScenarioEvent, type ZeebeRecord, type OpenTask } from './events';
export { evaluateExpectation, type ProjectState } from './expect';
export { elementLookup } from './models';
export { RecordReader } from './records';
export {
  runScenarios,
  ScenarioClock,
  userOfGroup,
  type Failure,
  type Harness,
  type ScenarioTasks,
} from './runner';
export { openHarness, type OpenHarness } from './harness';
export { scenarioProfile, scenarioOverrides, clearRunData } from './stack';
export { readScenarioFiles, listScenarioFiles, shiftInstant, cityYearOf } from './files';
export { parseArgs, USAGE, type ScenarioArgs } from './args';
export { replicateScenario } from './replicate';
