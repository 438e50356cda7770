/** Every job worker of the system. A unit test checks this list against the job types in `workflows/`. */
import { deadlineComputeWorker } from './deadline-compute';
import { deadlineRecordBreachWorker } from './deadline-record-breach';
import { projectBindInstanceWorker } from './project-bind-instance';
import { receiptRegisterWorker } from './receipt-register';

export const workers = [
  receiptRegisterWorker,
  deadlineRecordBreachWorker,
  deadlineComputeWorker,
  projectBindInstanceWorker,
] as const;
