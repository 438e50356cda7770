/** Every job worker of the system. A unit test checks this list against the job types in `workflows/`. */
import { deadlineComputeWorker } from './deadline-compute';
import { deadlineRecordBreachWorker } from './deadline-record-breach';
import { receiptRegisterWorker } from './receipt-register';

export const workers = [receiptRegisterWorker, deadlineRecordBreachWorker, deadlineComputeWorker] as const;
