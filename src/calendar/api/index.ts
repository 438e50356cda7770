export { calendarRouter } from './routes';
