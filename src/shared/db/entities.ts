/** Every entity schema of the registry, one line per feature. */
import { DeadlineBreachEntity } from '../../deadlines/data-access/deadline-breach.entity';
import { MaterialReceiptEntity } from '../../receipts/data-access/material-receipt.entity';

export const entities = [MaterialReceiptEntity, DeadlineBreachEntity];
