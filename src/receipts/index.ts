export {
  registerReceipt,
  findReceiptsOfProject,
  type RegisterReceiptInput,
  type RegisterReceiptResult,
} from './domain/register-receipt';
export type { MaterialReceipt } from './data-access/material-receipt.entity';
