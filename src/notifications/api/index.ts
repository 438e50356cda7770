export { notificationsRouter } from './routes';
