export {
  submitProposal,
  bindProcessInstance,
  LIFECYCLE_OUTBOX_KIND,
  type SubmitResult,
  type BindResult,
} from './domain/submit';
export { listProjects, getProject, projectTimeline } from './domain/queries';
export {
  proposalSchema,
  listQuerySchema,
  idempotencyKeySchema,
  budgetSchema,
  type Proposal,
} from './domain/schemas';
export { mayUploadDocuments } from './domain/access';
