export { changesRouter } from './api/routes';
export { changesOfProject, requestChange, type ChangeView } from './domain/changes';
export { changeInputSchema } from './domain/schemas';
export { changeRoute, type ChangeRouteInput } from './domain/adjustments';
