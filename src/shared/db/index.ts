export { createDataSource, parseDatabaseUrl, type DatabaseCoordinates } from './data-source';
export { databaseHealth } from './health';
export { migrate } from './migrate';
export { insertOnce, isDeadlock, isDuplicateKey, retryOnDeadlock, retryOnDuplicateKey } from './insert-once';
