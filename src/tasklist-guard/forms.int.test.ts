/**
 * Linking tasks imported before their form, against the test stack's real OpenSearch: indices of
 * the test's own with the fields of Tasklist 8.6's task and form indices (Tasklist's own are left
 * alone; the e2e test shows officers the form of a real task).
 */
import { opensearchUrl } from '../../scripts/lib/services/opensearch';
import { testConfig } from '../shared/testing';
import { relinkTaskForms } from './forms';

const os = opensearchUrl(testConfig());
const prefix = `egov-test-relink-${Date.now()}`;
const indices = { tasks: `${prefix}-task`, forms: `${prefix}-form` };

async function call(method: string, path: string, body?: unknown) {
  const res = await fetch(`${os}/${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

const task = async (id: string) =>
  ((await call('GET', `${indices.tasks}/_doc/${id}`)) as { _source: Record<string, unknown> })._source;

describe('relinkTaskForms (Tasklist 8.6.0: a task imported before its form has none)', () => {
  beforeAll(async () => {
    await call('PUT', indices.tasks, {
      mappings: {
        properties: {
          formKey: { type: 'keyword' },
          formId: { type: 'keyword' },
          formVersion: { type: 'long' },
          isFormEmbedded: { type: 'boolean' },
        },
      },
    });
    await call('PUT', indices.forms, {
      mappings: { properties: { bpmnId: { type: 'keyword' }, version: { type: 'long' } } },
    });
  });
  afterAll(async () => {
    await call('DELETE', `${indices.tasks},${indices.forms}`);
  });

  it('given tasks without their form link, then those whose form is imported are linked, the rest wait, others are untouched', async () => {
    // given a form Tasklist has imported (key 2251799813685251, version 2) and one it has not
    await call('PUT', `${indices.forms}/_doc/2251799813685251?refresh=true`, {
      bpmnId: 'webapps-cac-review-form',
      version: 2,
    });
    // and a task of each without its link, a linked task and an embedded-form task
    await call('PUT', `${indices.tasks}/_doc/1?refresh=true`, { formKey: '2251799813685251' });
    await call('PUT', `${indices.tasks}/_doc/2?refresh=true`, { formKey: '2251799813685999' });
    const linked = {
      formKey: '2251799813685251',
      formId: 'other-form',
      formVersion: 1,
      isFormEmbedded: false,
    };
    await call('PUT', `${indices.tasks}/_doc/3?refresh=true`, linked);
    const embedded = { formKey: 'camunda-forms:bpmn:userTaskForm_1', isFormEmbedded: true };
    await call('PUT', `${indices.tasks}/_doc/4?refresh=true`, embedded);

    // when the repair runs
    const repaired = await relinkTaskForms(os, indices);

    // then only the first task is linked, to the form's id and version
    expect(repaired).toBe(1);
    expect(await task('1')).toEqual({
      formKey: '2251799813685251',
      formId: 'webapps-cac-review-form',
      formVersion: 2,
      isFormEmbedded: false,
    });
    expect(await task('2')).toEqual({ formKey: '2251799813685999' });
    expect(await task('3')).toEqual(linked);
    expect(await task('4')).toEqual(embedded);

    // when the second form arrives, then the next round links its task; a round after that has nothing to do
    await call('PUT', `${indices.forms}/_doc/2251799813685999?refresh=true`, {
      bpmnId: 'late-form',
      version: 1,
    });
    expect(await relinkTaskForms(os, indices)).toBe(1);
    expect(await task('2')).toMatchObject({ formId: 'late-form', formVersion: 1 });
    expect(await relinkTaskForms(os, indices)).toBe(0);
  });

  it('given no index at all (Tasklist not started yet), then there is nothing to link', async () => {
    expect(await relinkTaskForms(os, { tasks: `${prefix}-none-task`, forms: `${prefix}-none-form` })).toBe(0);
  });
});
