/** Every job worker of the system. A unit test checks this list against the job types in `workflows/`. */
import { deadlineRecordBreachWorker } from './deadline-record-breach';
import { receiptRegisterWorker } from './receipt-register';

export const workers = [receiptRegisterWorker, deadlineRecordBreachWorker] as const;
