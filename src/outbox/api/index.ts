export { outboxAdminRouter } from './routes';
