/**
 * Reads the broker's records as its OpenSearch exporter wrote them (`zeebe-record_<value
 * type>_<version>_<date>`), newest first seen last: only records after the last one read, by
 * partition and position.
 */
import { parseLongSafe, type ZeebeRecord } from './events';
import { EXPORT_METRICS, ExportWatch, parseExportCounters } from './export-watch';

/** The value types the events come from (README, "Scenarios"). */
const VALUE_TYPES = [
  'process-instance',
  'variable',
  'user-task',
  'timer',
  'job',
  'incident',
  'process-message-subscription',
];
const PAGE = 1000;

interface Hit {
  _source: Omit<ZeebeRecord, 'key'> & { key: string | number };
}

interface PartitionStatus {
  processedPosition?: number;
  exportedPosition?: number;
}

export class RecordReader {
  private readonly last = new Map<number, number>();
  private readonly indices: string;
  /** whether the last search answered from every shard (a fresh daily index may not answer yet) */
  private answeredFully = true;
  /** each partition's exported position when the last fetch read everything up to it */
  private readUpTo = new Map<number, number>();
  private readonly exportWatch = new ExportWatch();

  constructor(
    private readonly url: string,
    /** the broker's management address (http://host:port), whose partitions say how far export is */
    private readonly managementAddress: string,
    prefix = 'zeebe-record',
  ) {
    this.indices = VALUE_TYPES.map((t) => `${prefix}_${t}_*`).join(',');
  }

  /**
   * Whether records the broker has processed may not be readable yet: the exporter lags behind a
   * partition's processing (e.g. while OpenSearch creates the daily indices of a new broker day),
   * the exporter holds records it has not sent yet (export-watch.ts), or the last search missed a
   * shard. Quiet then is not the end of the work.
   */
  async behind(): Promise<boolean> {
    if (!this.answeredFully) return true;
    const partitions = await this.partitions();
    if (Object.values(partitions).some((p) => (p.exportedPosition ?? -1) < (p.processedPosition ?? -1)))
      return true;
    return this.exporterHolding();
  }

  private async exporterHolding(): Promise<boolean> {
    const res = await fetch(
      `${this.managementAddress}/actuator/prometheus?${EXPORT_METRICS.map((n) => `includedNames=${n}`).join('&')}`,
    );
    const counters = res.ok ? parseExportCounters(await res.text()) : null;
    return counters !== null && this.exportWatch.holding(counters, Date.now());
  }

  private async call(path: string, body?: object): Promise<unknown> {
    const res = await fetch(`${this.url}/${path}`, {
      method: body ? 'POST' : 'GET',
      headers: { 'content-type': 'application/json' },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`OpenSearch ${path} answered HTTP ${res.status}: ${text.slice(0, 300)}`);
    return parseLongSafe(text);
  }

  /** Skips every record exported so far (a scenario sees only what happens after it starts). */
  async skipExisting(): Promise<void> {
    await this.call(`${this.indices}/_refresh?ignore_unavailable=true&allow_no_indices=true`, {});
    const r = (await this.call(`${this.indices}/_search?ignore_unavailable=true&allow_no_indices=true`, {
      size: 0,
      aggs: {
        p: { terms: { field: 'partitionId', size: 100 }, aggs: { max: { max: { field: 'position' } } } },
      },
    })) as { aggregations?: { p: { buckets: { key: number; max: { value: number | null } }[] } } };
    for (const b of r.aggregations?.p.buckets ?? []) {
      if (b.max.value !== null) this.last.set(Number(b.key), b.max.value);
    }
  }

  /** How far each partition's exporter has acknowledged its records (all written to OpenSearch). */
  private async partitions(): Promise<Record<string, PartitionStatus>> {
    const res = await fetch(`${this.managementAddress}/actuator/partitions`);
    if (!res.ok) throw new Error(`the broker's partitions answered HTTP ${res.status}`);
    return (await res.json()) as Record<string, PartitionStatus>;
  }

  private async exportedPositions(): Promise<Map<number, number>> {
    const partitions = await this.partitions();
    return new Map(Object.entries(partitions).map(([id, p]) => [Number(id), p.exportedPosition ?? -1]));
  }

  /**
   * Every record exported since the last call, in partition and position order. Only records up
   * to the position each exporter acknowledged (read before the refresh) are taken: the exporter
   * writes a batch to several indices (one per value type and day) at once, and a search in the
   * middle of it could see a later process-instance record before an earlier variable record —
   * moving the cursor past it would lose that record for good.
   */
  async fetchNew(): Promise<ZeebeRecord[]> {
    const exported = await this.exportedPositions();
    // nothing exported since everything up to there was read: no refresh, no search (a settling
    // runner asks twice a second, and refreshing every index that often kept OpenSearch busy)
    if ([...exported].every(([partitionId, upTo]) => upTo <= (this.readUpTo.get(partitionId) ?? -1)))
      return [];
    await this.call(`${this.indices}/_refresh?ignore_unavailable=true&allow_no_indices=true`, {});
    const out: ZeebeRecord[] = [];
    for (;;) {
      const query = {
        bool: {
          minimum_should_match: 1,
          should: [...exported].map(([partitionId, upTo]) => ({
            bool: {
              filter: [
                { term: { partitionId } },
                { range: { position: { gt: this.last.get(partitionId) ?? -1, lte: upTo } } },
              ],
            },
          })),
        },
      };
      if (query.bool.should.length === 0) break;
      const r = (await this.call(`${this.indices}/_search?ignore_unavailable=true&allow_no_indices=true`, {
        size: PAGE,
        sort: [{ partitionId: 'asc' }, { position: 'asc' }],
        query,
      })) as { hits: { hits: Hit[] }; _shards?: { failed?: number } };
      // a shard that did not answer may hold records before those found: keep the cursor, try again
      this.answeredFully = (r._shards?.failed ?? 0) === 0;
      if (!this.answeredFully) break;
      const hits = r.hits.hits.map((h) => ({ ...h._source, key: String(h._source.key) }));
      for (const h of hits)
        this.last.set(h.partitionId, Math.max(this.last.get(h.partitionId) ?? -1, h.position));
      out.push(...hits);
      if (hits.length < PAGE) {
        this.readUpTo = exported;
        break;
      }
    }
    return out;
  }
}
