export { officePurchasesRouter } from './routes';
export { restFilingStarter } from './start-process';
