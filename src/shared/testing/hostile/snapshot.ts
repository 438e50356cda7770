/**
 * "Zero writes": a digest of every table of the registry database (row count and checksum) and of
 * the files under the document store, taken before and after a run and compared.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { DataSource } from 'typeorm';

/**
 * What may change while hostile requests arrive, and why. Everything else must stay identical.
 * `columns`: only these columns are compared; `where`: only these rows.
 */
export const SECURITY_AND_BACKGROUND_EXCLUSIONS: {
  table: RegExp;
  reason: string;
  columns?: string[];
  where?: string;
}[] = [
  {
    table: /^audit_log$/,
    reason:
      'failed sign-ins are audited (auth.sign-in-failed; the throttle itself is kept in memory); every other entry is a write',
    columns: ['id', 'actor', 'action', 'entity_type', 'entity_id'],
    where: "action <> 'auth.sign-in-failed'",
  },
  {
    table: /^outbox$/,
    reason:
      "the API's dispatcher sends earlier tests' messages in the background (attempts, sent_at change); a new message is a write",
    columns: ['id', 'kind', 'aggregate_id', 'payload'],
  },
];

export interface Snapshot {
  tables: Record<string, string>;
  files: string[];
}

async function tableDigest(ds: DataSource, table: string): Promise<string> {
  const rule = SECURITY_AND_BACKGROUND_EXCLUSIONS.find((e) => e.table.test(table));
  const q = (s: string) => `\`${s.replace(/`/g, '``')}\``;
  if (rule?.columns) {
    const existing = (
      (await ds.query(
        'SELECT column_name AS c FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = ?',
        [table],
      )) as { c: string }[]
    ).map((r) => r.c);
    const cols = rule.columns.filter((c) => existing.includes(c));
    const [row] = (await ds.query(
      `SELECT COUNT(*) AS n, COALESCE(SUM(CRC32(CONCAT_WS('|', ${cols.map(q).join(', ')}))), 0) AS d
         FROM ${q(table)}${rule.where ? ` WHERE ${rule.where}` : ''}`,
    )) as { n: string; d: string }[];
    return `${row!.n} rows, digest ${row!.d}`;
  }
  const [count] = (await ds.query(`SELECT COUNT(*) AS n FROM ${q(table)}`)) as { n: string }[];
  const [sum] = (await ds.query(`CHECKSUM TABLE ${q(table)}`)) as { Checksum: string }[];
  return `${count!.n} rows, checksum ${sum!.Checksum}`;
}

function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

export async function snapshot(ds: DataSource, documentsDir: string): Promise<Snapshot> {
  const names = (
    (await ds.query(
      "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE' ORDER BY table_name",
    )) as { t: string }[]
  ).map((r) => r.t);
  const tables: Record<string, string> = {};
  for (const t of names) {
    tables[t] = await tableDigest(ds, t);
  }
  return { tables, files: listFiles(documentsDir) };
}

/** The differences between two snapshots, one line each; empty when nothing was written. */
export function differences(before: Snapshot, after: Snapshot): string[] {
  const lines: string[] = [];
  for (const t of new Set([...Object.keys(before.tables), ...Object.keys(after.tables)])) {
    if (before.tables[t] !== after.tables[t])
      lines.push(`table ${t}: ${before.tables[t] ?? 'absent'} → ${after.tables[t] ?? 'absent'}`);
  }
  const had = new Set(before.files);
  for (const f of after.files) if (!had.has(f)) lines.push(`file ${f} appeared`);
  const has = new Set(after.files);
  for (const f of before.files) if (!has.has(f)) lines.push(`file ${f} disappeared`);
  return lines;
}
