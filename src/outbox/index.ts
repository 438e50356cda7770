export {
  dispatchOutbox,
  OutboxDispatcher,
  outboxSettings,
  type MessagePublisher,
  type OutboxSettings,
} from './domain/dispatcher';
export { outboxIdSchema, outboxListQuerySchema } from './domain/admin';
export { outboxAdminRouter } from './api';
export type { OutboxRow } from './data-access/outbox.entity';
