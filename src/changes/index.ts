export { changesRouter } from './api/routes';
export { changesOfProject, requestChange, CHANGE_OUTBOX_KIND, type ChangeView } from './domain/changes';
export { changeInputSchema } from './domain/schemas';
export { changeRoute, type ChangeRouteInput } from './domain/adjustments';
export {
  recordChangeDecision,
  changeDecisionProblem,
  type ChangeDecision,
  type ChangeDecisionInput,
} from './domain/decisions';
