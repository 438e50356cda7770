import { ExportWatch, parseExportCounters, type ExportCounters } from './export-watch';

const at = (handed: number, sent: number, started = 1, ended = started): ExportCounters => ({
  handed,
  sent,
  started,
  ended,
});

describe('parseExportCounters', () => {
  it("sums the OpenSearch exporter's counters over partitions and value types", () => {
    // given the broker's Prometheus answer for two partitions and another exporter
    const text = [
      '# HELP zeebe_exporter_exporting_duration_count …',
      'zeebe_exporter_exporting_duration_count{partition="1",exporter="opensearch",valueType="JOB",} 7.0',
      'zeebe_exporter_exporting_duration_count{partition="1",exporter="opensearch",valueType="TIMER",} 3.0',
      'zeebe_exporter_exporting_duration_count{partition="2",exporter="opensearch",valueType="JOB",} 5.0',
      'zeebe_exporter_exporting_duration_count{partition="1",exporter="other",valueType="JOB",} 100.0',
      'zeebe_opensearch_exporter_bulk_size_sum{partition="1",} 9.0',
      'zeebe_opensearch_exporter_bulk_size_sum{partition="2",} 5.0',
      'zeebe_opensearch_exporter_bulk_size_count{partition="1",} 2.0',
      'zeebe_opensearch_exporter_flush_duration_seconds_count{partition="1",} 1.0',
    ].join('\n');
    // when it is read, then the counters are the opensearch exporter's sums
    expect(parseExportCounters(text)).toEqual({ handed: 15, sent: 14, started: 2, ended: 1 });
  });

  it('says null for a broker without the exporter', () => {
    expect(
      parseExportCounters('# HELP jvm_threads_live_threads …\njvm_threads_live_threads 40.0\n'),
    ).toBeNull();
  });
});

describe('ExportWatch', () => {
  it('counts the exporter as holding records until its counters stood still longer than its delay', () => {
    // given a watch that has not yet seen the exporter idle
    const watch = new ExportWatch(1_500);
    // then records handed may be held
    expect(watch.holding(at(10, 9), 0)).toBe(true);
    expect(watch.holding(at(10, 9), 1_000)).toBe(true);
    // when the counters stood still 1.5 s: what was handed and not sent then is no holding (a constant)
    expect(watch.holding(at(10, 9), 1_500)).toBe(false);
  });

  it('sees records handed and not yet sent, and a bulk request under way, until it ends', () => {
    // given an idle exporter
    const watch = new ExportWatch(1_500);
    watch.holding(at(10, 9), 0);
    expect(watch.holding(at(10, 9), 2_000)).toBe(false);
    // when records are handed to it
    expect(watch.holding(at(14, 9), 2_100)).toBe(true);
    // and when it starts to send them, the request is under way
    expect(watch.holding(at(14, 13, 2, 1), 2_600)).toBe(true);
    // then once the request ended, it holds nothing
    expect(watch.holding(at(14, 13, 2, 2), 2_900)).toBe(false);
  });
});
