export { dispatchOutbox, OutboxDispatcher } from './domain/dispatcher';
export type { OutboxRow } from './data-access/outbox.entity';
