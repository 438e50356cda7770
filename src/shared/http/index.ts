export { errorHandler, notFound } from './error-handler';
