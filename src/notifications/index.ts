/**
 * Notifications about user tasks (created, assigned, overdue) and decisions on projects (refused, to
 * revise, not in the plan): one interface, a row and a log line now.
 */
export {
  createNotifier,
  type Notifier,
  type NotificationChannel,
  type NotificationEvent,
} from './domain/notifier';
export { eventsOf, type WatchedTask } from './domain/task-events';
export { deadlineEscalationEvent, projectDecisionEvent } from './domain/project-decision';
export { TaskWatcher } from './domain/watcher';
export { listNotifications, type NotificationQuery, type NotificationView } from './domain/queries';
export { notificationsRouter } from './api';
export type { NotificationKind, NotificationRow } from './data-access/notification.entity';
