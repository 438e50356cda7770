export { tasksRouter, projectTasksRouter } from './routes';
