/**
 * Every Tasklist form under workflows/ rendered in headless Chromium by form-js's viewer (the
 * library Tasklist renders forms with; here the repository's version, 1.23): it imports without
 * warnings, shows every label in Chinese with the project's facts read-only, and refuses to submit
 * while a required field is empty — a reason required only under a condition (a refusal, a box
 * ticked) once that condition is set. Screenshots: .data/test/screenshots/forms/.
 */
/// <reference lib="dom" />
import express from 'express';
import type { Page } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import { listWorkflowFiles } from '../src/shared/camunda/deploy';
import { paths } from '../src/shared/config';
import { screenshotDir, serve, useBrowser } from '../src/shared/testing/browser';

interface Component {
  id: string;
  type: string;
  key?: string;
  label?: string;
  readonly?: boolean;
  conditional?: { hide?: string };
  defaultValue?: unknown;
  validate?: { required?: boolean };
  components?: Component[];
}
interface Schema {
  id: string;
  components: Component[];
}

const formJs = path.join(paths.repoRoot, 'node_modules', '@bpmn-io', 'form-js', 'dist');
const shots = screenshotDir('forms');
const forms = listWorkflowFiles(paths.workflows)
  .filter((f) => f.endsWith('.form'))
  .map((f) => [path.relative(paths.workflows, f), JSON.parse(fs.readFileSync(f, 'utf8')) as Schema] as const);
const flat = (cs: Component[]): Component[] => cs.flatMap((c) => [c, ...flat(c.components ?? [])]);

/** The value of `key` that shows a field hidden by `=key = value` or `=key != value` (true/false only). */
function showingCondition(hide: string | undefined): { key: string; value: boolean } | undefined {
  const m = /^=\s*(\w+)\s*(!=|=)\s*(true|false)\s*$/.exec(hide ?? '');
  if (!m) return undefined;
  const hiddenWhen = m[3] === 'true';
  return { key: m[1]!, value: m[2] === '=' ? !hiddenWhen : hiddenWhen };
}

// every field required only under a condition on a yes/no field: [form file, schema, field, condition]
const conditionallyRequired = forms.flatMap(([file, schema]) =>
  flat(schema.components).flatMap((c) => {
    const condition = c.validate?.required && c.key ? showingCondition(c.conditional?.hide) : undefined;
    return condition ? [[file, schema, c, condition] as const] : [];
  }),
);

describe('Tasklist forms in a browser (form-js viewer)', () => {
  const browser = useBrowser();
  let site: Awaited<ReturnType<typeof serve>>;
  // one page for all forms: each test replaces the form before it
  let page: Page;

  beforeAll(async () => {
    const app = express();
    app.get('/', (_req, res) => {
      res.type('html').send(`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<link rel="stylesheet" href="/form-js/assets/form-js.css"></head>
<body><div id="form"></div><script src="/form-js/form-viewer.umd.js"></script></body></html>`);
    });
    app.use('/form-js', express.static(formJs));
    site = await serve(app);
    page = await browser.newPage({ locale: 'zh-CN' });
    await page.goto(site.url);
  });
  afterAll(async () => {
    await site?.stop();
  });

  /** Replaces the page's form by `schema` imported with `data`; the form stays on `window.current`. */
  const importForm = (schema: Schema, data: Record<string, unknown>) =>
    page.evaluate(
      async ({ schema, data }) => {
        const viewer = (window as unknown as { FormViewer: { Form: new (o: object) => FormLike } })
          .FormViewer;
        interface FormLike {
          importSchema(s: unknown, d: unknown): Promise<{ warnings: unknown[] }>;
        }
        const holder = window as unknown as { current?: { destroy(): void } };
        holder.current?.destroy();
        const form = new viewer.Form({ container: document.getElementById('form') });
        holder.current = form as unknown as { destroy(): void };
        return (await form.importSchema(schema, data)).warnings.length;
      },
      { schema, data },
    );
  /** Submits the page's form and returns the keys or ids of the fields it refused. */
  const submitErrors = () =>
    page.evaluate(() =>
      Object.keys(
        (window as unknown as { current: { submit(): { errors: Record<string, unknown> } } }).current.submit()
          .errors,
      ),
    );

  it('finds the reasons required only under a condition (frameworkComment, fundingReason …)', () => {
    const keys = conditionallyRequired.map(([, , c]) => c.key);
    expect(keys).toEqual(expect.arrayContaining(['frameworkComment', 'fundingReason', 'archivesNote']));
  });

  it.each(
    conditionallyRequired.map(
      ([file, schema, c, condition]) => [file, c.key!, schema, c, condition] as const,
    ),
  )(
    '%s: %s is required once its condition is set, and named when missing',
    async (file, key, schema, field, condition) => {
      // given the form with the project's facts, and the condition that shows the field: a box the
      // officer ticks or leaves unticked, or a fact of the process (a read-only or absent field)
      const components = flat(schema.components);
      const facts = Object.fromEntries(
        components.filter((c) => c.readonly && c.key).map((c) => [c.key!, `示例-${c.key}`]),
      );
      const driver = components.find((c) => c.key === condition.key);
      const ticked = driver?.type === 'checkbox' && !driver.readonly;
      expect(await importForm(schema, ticked ? facts : { ...facts, [condition.key]: condition.value })).toBe(
        0,
      );
      /** The input of a component (form-js ends its id with the component's id). */
      const input = (c: Component) => page.locator(`[id$="-${c.id}"]`);
      if (ticked) await input(driver).setChecked(condition.value);

      // when it is submitted without the reason
      const errors = await submitErrors();
      await page.screenshot({
        path: path.join(shots, `${file.replace(/[/\\]/g, '__')}--${key}.png`),
        fullPage: true,
      });

      // then it is refused for that field, which shows its label and an error message
      expect({ field: key, refused: errors.some((e) => e === field.id || e === key) }).toEqual({
        field: key,
        refused: true,
      });
      const id = (await input(field).getAttribute('id'))!;
      expect(await page.locator(`label[for="${id}"]`).innerText()).toContain(field.label!.trim());
      expect((await page.locator(`[id="${id}-error-message"]`).innerText()).trim()).not.toBe('');

      // and once a written field is filled in (a select is left to the check above), it is no longer refused
      if (field.type !== 'select') {
        await input(field).fill(field.type === 'number' ? '3' : '理由：与规定不符，需整改后再报');
        // (form-js takes typed input in after a short debounce)
        await page.waitForFunction(
          (k) =>
            ![undefined, null, ''].includes(
              (
                window as unknown as { current: { _getState(): { data: Record<string, unknown> } } }
              ).current._getState().data[k] as string,
            ),
          key,
        );
        const after = await submitErrors();
        expect(after).not.toContain(key);
        expect(after).not.toContain(field.id);
      }
    },
  );

  it.each(forms)(
    '%s renders in Chinese, shows the facts read-only and requires what it must',
    async (file, schema) => {
      // given the form and the facts of a project (a sample value for every read-only field)
      const components = flat(schema.components);
      const facts = Object.fromEntries(
        components.filter((c) => c.readonly && c.key).map((c) => [c.key!, `示例-${c.key}`]),
      );

      // when form-js imports it with those facts, and it is submitted empty
      const result = await page.evaluate(
        async ({ schema, facts }) => {
          const viewer = (window as unknown as { FormViewer: { Form: new (o: object) => FormLike } })
            .FormViewer;
          interface FormLike {
            importSchema(s: unknown, d: unknown): Promise<{ warnings: unknown[] }>;
            submit(): { errors: Record<string, unknown> };
          }
          interface Holder {
            current?: { destroy(): void };
          }
          const holder = window as unknown as Holder;
          holder.current?.destroy();
          const form = new viewer.Form({ container: document.getElementById('form') });
          holder.current = form as unknown as Holder['current'];
          const { warnings } = await form.importSchema(schema, facts);
          return { warnings: warnings.length, errors: Object.keys(form.submit().errors) };
        },
        { schema, facts },
      );
      await page.screenshot({
        path: path.join(shots, `${file.replace(/[/\\]/g, '__')}.png`),
        fullPage: true,
      });

      // then it imports cleanly and every label is on the page, in Chinese (but for fields shown
      // only under a condition)
      expect(result.warnings).toBe(0);
      const text = await page.locator('#form').innerText();
      for (const c of components.filter((c) => c.label && !c.conditional)) {
        expect(c.label).toMatch(/[\u4e00-\u9fff]/);
        expect(text).toContain(c.label!.trim());
      }
      // and each read-only fact shows its value and cannot be edited
      for (const c of components.filter((c) => c.readonly && c.key && c.label && c.type === 'textfield')) {
        const input = page.getByLabel(c.label!, { exact: true });
        expect(await input.inputValue()).toBe(facts[c.key!]);
        expect(await input.getAttribute('readonly')).not.toBeNull();
      }
      // and an empty submission is refused for every required field that is shown and has no default
      const required = components.filter(
        (c) => c.validate?.required && c.key && !c.conditional && c.defaultValue === undefined,
      );
      for (const c of required)
        expect({ field: c.key, refused: result.errors.some((e) => e === c.id || e === c.key) }).toEqual({
          field: c.key,
          refused: true,
        });
    },
  );
});
