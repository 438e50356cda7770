/** /api/notifications — notifications about the user tasks and projects the user may see (newest first). */
import { Router } from 'express';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { parseInput } from '../../shared/http';
import { NOTIFICATION_KINDS } from '../data-access/notification.entity';
import { listNotifications } from '../domain/queries';

export const notificationsQuerySchema = z.strictObject({
  projectCode: z.string().min(1).max(32).optional(),
  kind: z.enum(NOTIFICATION_KINDS).optional(),
  taskId: z
    .string()
    .regex(/^\d{1,32}$/, 'must be a task id (digits)')
    .optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export function notificationsRouter(deps: { dataSource: DataSource }): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const q = parseInput(notificationsQuerySchema, req.query, 'query');
    res.json({ items: await listNotifications(deps.dataSource, req.user!, q) });
  });
  return router;
}
