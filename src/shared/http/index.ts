export { errorHandler, notFound } from './error-handler';
export { problemDocument, type ProblemDocument } from './problem';
export { contentSecurityPolicy, securityHeaders } from './security-headers';
export { createHttpServer, type ServerTimeouts } from './server';
export { parseInput } from './validate';
export { assertSameRequest, requestHash } from './idempotency';
