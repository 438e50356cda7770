/**
 * Whether the broker's OpenSearch exporter holds records not yet in OpenSearch, from the broker's
 * metrics (`/actuator/prometheus`). The partitions' exported position cannot say so alone: it stays
 * below the last written record whenever the log ends in records the exporter does not take
 * (commands, job batches), and the exporter sends what it holds only every `bulk.delay` (1 s).
 * A settling runner waits until the exporter has sent everything it was handed, and 3 s without
 * a new record (1 s was tried: README, "Tests").
 */
import { EXPORTER_BULK_DELAY_S } from '../camunda-runtime';

/** The broker's counters of its OpenSearch exporter (sums over partitions). */
export interface ExportCounters {
  /** records the broker handed to the exporter */
  handed: number;
  /** records put into bulk requests (counted as a request starts, again when it is retried) */
  sent: number;
  /** bulk requests started */
  started: number;
  /** bulk requests ended */
  ended: number;
}

export const EXPORT_METRICS = [
  'zeebe_exporter_exporting_duration_count',
  'zeebe_opensearch_exporter_bulk_size_sum',
  'zeebe_opensearch_exporter_bulk_size_count',
  'zeebe_opensearch_exporter_flush_duration_seconds_count',
];

/** The counters in a Prometheus text answer, or null when the broker has no OpenSearch exporter. */
export function parseExportCounters(text: string): ExportCounters | null {
  const c: ExportCounters = { handed: 0, sent: 0, started: 0, ended: 0 };
  let seen = false;
  for (const line of text.split('\n')) {
    const m = /^(\w+)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (!m) continue;
    const [, name, labels = '', value] = m;
    const n = Number(value);
    if (name === 'zeebe_exporter_exporting_duration_count' && labels.includes('exporter="opensearch"'))
      c.handed += n;
    else if (name === 'zeebe_opensearch_exporter_bulk_size_sum') c.sent += n;
    else if (name === 'zeebe_opensearch_exporter_bulk_size_count') c.started += n;
    else if (name === 'zeebe_opensearch_exporter_flush_duration_seconds_count') c.ended += n;
    else continue;
    seen = true;
  }
  return seen ? c : null;
}

export class ExportWatch {
  private last?: ExportCounters;
  private since = 0;
  /** handed − sent when nothing moved for longer than the exporter's delay: nothing held then */
  private idleGap?: number;

  /** `idleMs`: longer than the exporter's `bulk.delay`, after which it sends whatever it holds */
  constructor(private readonly idleMs = EXPORTER_BULK_DELAY_S * 1_000 + 500) {}

  /** Whether, by these counters read at `now`, records handed to the exporter may not be in OpenSearch. */
  holding(c: ExportCounters, now: number): boolean {
    const l = this.last;
    if (!l || l.handed !== c.handed || l.sent !== c.sent || l.started !== c.started || l.ended !== c.ended) {
      this.last = c;
      this.since = now;
    } else if (now - this.since >= this.idleMs) {
      // handed and sent differ by a constant when idle (a retried request counts its records again)
      this.idleGap = c.handed - c.sent;
    }
    if (c.started > c.ended) return true;
    return this.idleGap === undefined || c.handed - c.sent > this.idleGap;
  }
}
