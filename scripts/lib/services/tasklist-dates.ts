/**
 * Works around a defect of Tasklist 8.6.0 (camunda/camunda#27237, fixed in a later 8.6 patch that
 * is not published here): its task list view writes a user task's times with Java's
 * `OffsetDateTime.toString()`, which drops the milliseconds when they are 0 ("…T06:07:16+08:00");
 * the index's date format (`date_time || epoch_millis`) refuses that, and Tasklist's importer
 * retries the same batch for ever: no task created after it appears
 * in Tasklist. About one record in a thousand has a whole-second time.
 *
 * The index's mapping cannot change (a field's format is fixed, and Tasklist refuses to start on a
 * mapping other than its own), but its settings can: an ingest pipeline, the index's default,
 * completes such a time to `…T06:07:16.000+08:00` before the document is stored. The pipeline does
 * not run for every update Tasklist sends: a CI run's importer stopped for good on a task's
 * completion update ("failed to parse field [completionTime] … '2028-03-24T09:01:19+08:00'"; the
 * controlled clock often stands on a whole second). So the index also ignores a malformed value
 * (`index.mapping.ignore_malformed`): such a document is stored with that one field unindexed (the
 * time stays in its source). Set on that CI run's live stack, its importer went on at once (user
 * task position 19008 → 30385, tasks 111 → 212). A batch stuck before either was set goes through
 * on the importer's next retry.
 */
export const LIST_VIEW_DATES_PIPELINE = 'egov-tasklist-list-view-dates';
/** Tasklist 8.6's task list view (one index; the pattern leaves out the version) */
export const LIST_VIEW_INDICES = 'tasklist-list-view-*';
/** the list view's date fields */
export const LIST_VIEW_DATE_FIELDS = ['creationTime', 'completionTime', 'dueDate', 'followUpDate'];

/**
 * Painless: `yyyy-MM-ddTHH:mm:ss<offset>` → `yyyy-MM-ddTHH:mm:ss.000<offset>` (84 = 'T', 58 = ':',
 * 46 = '.'); a time with milliseconds, or without seconds (which the format takes), is left alone.
 */
const SCRIPT = `
for (def f : params.fields) {
  def v = ctx[f];
  if (!(v instanceof String) || v.length() < 20 || v.charAt(10) != (char) 84 || v.charAt(16) != (char) 58) continue;
  if (v.charAt(19) != (char) 46) { ctx[f] = v.substring(0, 19) + '.000' + v.substring(19); }
}`;

export function listViewDatesPipeline(): object {
  return {
    description:
      'Tasklist 8.6.0 writes whole-second times without milliseconds (camunda/camunda#27237): add them',
    processors: [{ script: { lang: 'painless', source: SCRIPT, params: { fields: LIST_VIEW_DATE_FIELDS } } }],
  };
}

/** One OpenSearch request; its answer's JSON. */
async function call<T = unknown>(url: string, method: string, body?: object): Promise<T> {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  if (!res.ok)
    throw new Error(`OpenSearch ${method} ${url} answered HTTP ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

const IGNORE_MALFORMED = 'index.mapping.ignore_malformed';

/** Sets ignore_malformed on each list view index that lacks it: a static setting, so the index is closed for a moment. */
async function ignoreMalformedValues(opensearchUrl: string): Promise<void> {
  // every index with all its settings: a read filtered by the setting leaves out an index without it
  const settings = await call<Record<string, { settings: Record<string, string> }>>(
    `${opensearchUrl}/${LIST_VIEW_INDICES}/_settings?flat_settings=true`,
    'GET',
  );
  for (const [index, s] of Object.entries(settings)) {
    if (s.settings[IGNORE_MALFORMED] === 'true') continue;
    await call(`${opensearchUrl}/${index}/_close`, 'POST');
    try {
      await call(`${opensearchUrl}/${index}/_settings`, 'PUT', { [IGNORE_MALFORMED]: true });
    } finally {
      await call(`${opensearchUrl}/${index}/_open?wait_for_active_shards=1`, 'POST');
    }
  }
}

/**
 * Puts the pipeline, makes it the default of Tasklist's list view index and has the index ignore
 * malformed values (idempotent). Call it once Tasklist has created its schema (it is ready).
 */
export async function fixTasklistListViewDates(opensearchUrl: string): Promise<void> {
  await call(`${opensearchUrl}/_ingest/pipeline/${LIST_VIEW_DATES_PIPELINE}`, 'PUT', listViewDatesPipeline());
  await call(`${opensearchUrl}/${LIST_VIEW_INDICES}/_settings`, 'PUT', {
    'index.default_pipeline': LIST_VIEW_DATES_PIPELINE,
  });
  await ignoreMalformedValues(opensearchUrl);
}
