/**
 * The work-around for Tasklist 8.6.0's list view dates (tasklist-dates.ts) on the test stack's
 * OpenSearch: Tasklist's own index carries the pipeline, and a copy of that index's date mapping
 * takes whole-second and whole-minute times through it — and refuses them without it.
 */
import { testConfig } from '../../../src/shared/testing';
import { opensearchUrl } from './opensearch';
import { LIST_VIEW_DATE_FIELDS, LIST_VIEW_DATES_PIPELINE, LIST_VIEW_INDICES } from './tasklist-dates';

const url = opensearchUrl(testConfig());

async function os<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> {
  const ndjson = Array.isArray(body);
  const res = await fetch(`${url}/${path}`, {
    method,
    headers: { 'content-type': ndjson ? 'application/x-ndjson' : 'application/json' },
    body:
      body === undefined
        ? undefined
        : ndjson
          ? body.map((l) => JSON.stringify(l)).join('\n') + '\n'
          : JSON.stringify(body),
  });
  return (await res.json()) as T;
}

type Bulk = { errors: boolean; items: { update: { result?: string; error?: { reason: string } } }[] };

describe("Tasklist 8.6.0's list view dates", () => {
  const scratch = `test-list-view-dates-${Date.now().toString(36)}`;
  let dateMapping: Record<string, unknown>;

  beforeAll(async () => {
    // the date mapping of Tasklist's own list view index, as Tasklist created it
    const mapping = await os<
      Record<string, { mappings: { properties: Record<string, Record<string, unknown>> } }>
    >('GET', `${LIST_VIEW_INDICES}/_mapping`);
    const [index] = Object.values(mapping);
    dateMapping = Object.fromEntries(LIST_VIEW_DATE_FIELDS.map((f) => [f, index!.mappings.properties[f]]));
  });
  afterAll(async () => {
    await os('DELETE', `${scratch}-*`);
  });

  const createScratch = (name: string, pipeline: boolean) =>
    os('PUT', name, {
      settings: {
        number_of_replicas: 0,
        ...(pipeline ? { 'index.default_pipeline': LIST_VIEW_DATES_PIPELINE } : {}),
      },
      mappings: { properties: { ...dateMapping, name: { type: 'keyword' } } },
    });

  /** an upsert with a whole-second creation time, one with milliseconds, then an update with a whole-second completion time in UTC, as Tasklist writes them */
  const tasklistWrites = (index: string): unknown[] => [
    { update: { _index: index, _id: '1' } },
    { doc: { creationTime: '2026-12-01T06:07:16+08:00', name: 'a' }, doc_as_upsert: true },
    { update: { _index: index, _id: '2' } },
    {
      doc: { creationTime: '2026-12-01T06:07:16.250+08:00', dueDate: '2026-12-08T23:59+08:00', name: 'b' },
      doc_as_upsert: true,
    },
    { update: { _index: index, _id: '1' } },
    { doc: { completionTime: '2026-12-01T06:09:30Z' }, doc_as_upsert: true },
  ];

  it('is the default pipeline of the list view index the stack started', async () => {
    // given the stack, started by npm test
    // when its list view index's settings are read
    const settings = await os<Record<string, { settings: { index: { default_pipeline?: string } } }>>(
      'GET',
      `${LIST_VIEW_INDICES}/_settings`,
    );
    // then the index is there, with the pipeline as its default
    expect(Object.values(settings).map((s) => s.settings.index.default_pipeline)).toEqual([
      LIST_VIEW_DATES_PIPELINE,
    ]);
    expect(dateMapping.creationTime).toMatchObject({ type: 'date' });
  });

  it('has the list view index ignore malformed values, so an update the pipeline does not see is still stored', async () => {
    // given the stack's list view index, and a copy of its date mapping with and without the setting
    const settings = await os<Record<string, { settings: Record<string, string> }>>(
      'GET',
      `${LIST_VIEW_INDICES}/_settings/index.mapping.ignore_malformed?flat_settings=true`,
    );
    expect(Object.values(settings).map((s) => s.settings['index.mapping.ignore_malformed'])).toEqual([
      'true',
    ]);
    const strict = `${scratch}-strict`;
    const lenient = `${scratch}-lenient`;
    await createScratch(strict, false);
    await os('PUT', lenient, {
      settings: { number_of_replicas: 0, 'index.mapping.ignore_malformed': true },
      mappings: { properties: { ...dateMapping, name: { type: 'keyword' } } },
    });
    // when a task is created, then completed by a scripted update with a whole-second time
    const writes = (index: string): unknown[] => [
      { index: { _index: index, _id: '1' } },
      { creationTime: '2026-12-01T06:07:16.250+08:00', name: 'a' },
      { update: { _index: index, _id: '1' } },
      {
        script: {
          source: 'ctx._source.completionTime = params.t',
          params: { t: '2026-12-01T06:09:30+08:00' },
        },
      },
    ];
    const refused = await os<{ items: Record<string, { result?: string; status: number }>[] }>(
      'POST',
      '_bulk?refresh=true',
      writes(strict),
    );
    const stored = await os<{ items: Record<string, { result?: string; status: number }>[] }>(
      'POST',
      '_bulk?refresh=true',
      writes(lenient),
    );
    // then the strict copy refuses the completion (the importer's stuck batch), the lenient one keeps it
    expect(refused.items.map((i) => Object.values(i)[0]!.status)).toEqual([201, 400]);
    expect(stored.items.map((i) => Object.values(i)[0]!.status)).toEqual([201, 200]);
    const doc = await os<{ _source: { completionTime: string } }>('GET', `${lenient}/_doc/1`);
    expect(doc._source.completionTime).toBe('2026-12-01T06:09:30+08:00');
  });

  it('refuses whole-second times on the list view mapping without the pipeline (the defect)', async () => {
    // given a copy of the list view's date mapping, without the pipeline
    const index = `${scratch}-plain`;
    await createScratch(index, false);
    // when Tasklist's writes arrive
    const bulk = await os<Bulk>('POST', '_bulk?refresh=true', tasklistWrites(index));
    // then the whole-second times are refused, the one with milliseconds is stored
    expect(bulk.items.map((i) => i.update.result ?? 'refused')).toEqual(['refused', 'created', 'refused']);
    expect(bulk.items[0]!.update.error!.reason).toContain('creationTime');
  });

  it('stores them with milliseconds through the pipeline, and leaves other times alone', async () => {
    // given the same mapping with the pipeline as its default
    const index = `${scratch}-fixed`;
    await createScratch(index, true);
    // when Tasklist's writes arrive
    const bulk = await os<Bulk>('POST', '_bulk?refresh=true', tasklistWrites(index));
    // then every write is stored, the times completed, and a range search finds them
    expect(bulk.errors).toBe(false);
    const hits = await os<{ hits: { hits: { _id: string; _source: Record<string, string> }[] } }>(
      'POST',
      `${index}/_search`,
      {
        query: { range: { creationTime: { gte: '2026-12-01T06:07:16.000+08:00' } } },
        sort: [{ name: 'asc' }],
      },
    );
    expect(hits.hits.hits.map((h) => h._source)).toEqual([
      {
        creationTime: '2026-12-01T06:07:16.000+08:00',
        completionTime: '2026-12-01T06:09:30.000Z',
        name: 'a',
      },
      { creationTime: '2026-12-01T06:07:16.250+08:00', dueDate: '2026-12-08T23:59+08:00', name: 'b' },
    ]);
  });
});
