export { organisationsRouter } from './routes';
