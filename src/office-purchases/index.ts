export { officePurchasesRouter, restFilingStarter } from './api';
export {
  bindFilingInstance,
  fileOfficePurchase,
  filingFromStartForm,
  filingView,
  listFilings,
  processVariablesOf,
  recordFiling,
  registerFilingOfInstance,
  type BindResult,
  type FileResult,
  type FilingView,
  type StartFilingProcess,
  type StartFormFiling,
} from './domain/filings';
export { FILING_PERIOD_MONTHS, filingDueAt, filingDueDate, isOverdue } from './domain/due';
export {
  PURCHASE_KINDS,
  amountYuanSchema,
  filingListQuerySchema,
  filingSchema,
  type FilingInput,
  type FilingListQuery,
} from './domain/schemas';
export type { OfficePurchaseFilingRow, PurchaseKind } from './data-access/office-purchase-filing.entity';
