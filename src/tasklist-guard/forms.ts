/**
 * Repairs a defect of Tasklist 8.6.0 seen here: Tasklist links a user task to its form (`formId`,
 * `formVersion` on the task document) only if it has imported the form before the task; a task
 * imported first keeps `formId: null` for ever, and the officer opening it sees no form (its web
 * app asks for `/v1/forms/null`). That happens when a task is created within seconds of its form's
 * deployment (Tasklist imports forms and tasks in separate batches), e.g. after a redeployment.
 * The repair finds such tasks, reads their forms (Tasklist's form index, by the task's `formKey`),
 * and writes the link Tasklist would have written; run every few seconds by the Tasklist guard.
 */

export interface FormIndices {
  /** Tasklist 8.6's task index and form index (patterns; a test passes its own) */
  tasks: string;
  forms: string;
}

export const TASKLIST_FORM_INDICES: FormIndices = { tasks: 'tasklist-task-*', forms: 'tasklist-form-*' };

interface Hit<T> {
  _index: string;
  _id: string;
  _source: T;
}

async function search<T>(opensearch: string, index: string, body: object): Promise<Hit<T>[]> {
  const res = await fetch(`${opensearch}/${index}/_search?ignore_unavailable=true&allow_no_indices=true`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok) throw new Error(`OpenSearch ${index}/_search: HTTP ${res.status} ${await res.text()}`);
  return ((await res.json()) as { hits: { hits: Hit<T>[] } }).hits.hits;
}

/** Links tasks imported before their form to it; returns how many tasks were repaired. */
export async function relinkTaskForms(
  opensearch: string,
  indices: FormIndices = TASKLIST_FORM_INDICES,
  batch = 200,
): Promise<number> {
  const orphans = await search<{ formKey: string }>(opensearch, indices.tasks, {
    size: batch,
    _source: ['formKey'],
    query: {
      bool: {
        must: [{ exists: { field: 'formKey' } }],
        must_not: [{ exists: { field: 'formId' } }, { term: { isFormEmbedded: true } }],
      },
    },
  });
  if (orphans.length === 0) return 0;
  const keys = [...new Set(orphans.map((h) => String(h._source.formKey)))];
  const forms = await search<{ bpmnId: string; version: number }>(opensearch, indices.forms, {
    size: keys.length,
    _source: ['bpmnId', 'version'],
    query: { ids: { values: keys } },
  });
  const byKey = new Map(forms.map((f) => [f._id, f._source]));
  const lines = orphans.flatMap((h) => {
    const form = byKey.get(String(h._source.formKey));
    // a form Tasklist has not imported yet: the task waits for the next round
    if (!form) return [];
    return [
      JSON.stringify({ update: { _index: h._index, _id: h._id } }),
      JSON.stringify({ doc: { formId: form.bpmnId, formVersion: form.version, isFormEmbedded: false } }),
    ];
  });
  if (lines.length === 0) return 0;
  const res = await fetch(`${opensearch}/_bulk?refresh=true`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-ndjson' },
    body: `${lines.join('\n')}\n`,
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await res.json()) as { errors: boolean; items: { update: { status: number } }[] };
  if (!res.ok || body.errors)
    throw new Error(`OpenSearch _bulk: HTTP ${res.status} ${JSON.stringify(body).slice(0, 500)}`);
  return body.items.filter((i) => i.update.status < 300).length;
}
