export { errorHandler, notFound } from './error-handler';
export { parseInput } from './validate';
