export { projectsRouter } from './routes';
