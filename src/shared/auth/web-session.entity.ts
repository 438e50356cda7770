import { EntitySchema } from 'typeorm';

export type WebSessionKind = 'login' | 'session';

export interface WebSessionRow {
  /** SHA-256 (hex) of the cookie's random value: a read of the table yields no usable cookie */
  idHash: string;
  kind: WebSessionKind;
  username: string | null;
  data: Record<string, unknown>;
  csrfToken: string | null;
  createdAt: Date;
  lastUsedAt: Date;
  expiresAt: Date;
}

export const WebSessionEntity = new EntitySchema<WebSessionRow>({
  name: 'WebSession',
  tableName: 'web_session',
  columns: {
    idHash: { type: 'char', length: 64, primary: true, name: 'id_hash' },
    kind: { type: 'varchar', length: 16 },
    username: { type: 'varchar', length: 255, nullable: true },
    data: { type: 'json' },
    csrfToken: { type: 'char', length: 43, name: 'csrf_token', nullable: true },
    createdAt: { type: 'datetime', precision: 3, name: 'created_at' },
    lastUsedAt: { type: 'datetime', precision: 3, name: 'last_used_at' },
    expiresAt: { type: 'datetime', precision: 3, name: 'expires_at' },
  },
});
