/**
 * Hostile requests against a real API process: generated from the OpenAPI document's operations and
 * their zod schemas (fast-check) plus the attack kinds of issue 9, sent over raw TCP, with a
 * database and document-store snapshot to prove nothing was written. Used by the API's integration
 * test and, against the full stack, by the drill.
 */
export { startApi, type ApiProcess } from './api-process';
export { callApi, hostileContext, hostileProposal, hostileRun } from './context';
export { send, type Outcome } from './raw-http';
export {
  ATTACKER_ADDRESS,
  documentedOperations,
  hostileRequests,
  type HostileContext,
  type HostileRequest,
  type UserLabel,
} from './requests';
export { generate, report, runHostile, type Finding, type RunResult } from './runner';
export { differences, snapshot, SECURITY_AND_BACKGROUND_EXCLUSIONS, type Snapshot } from './snapshot';
