/**
 * Web modeler in headless Chromium: time to import and render a generated diagram (target for
 * 1 000 elements < 1.5 s), and lint time per edit (target < 100 ms) — from the edit command to
 * bpmn-js-bpmnlint's "linting.completed" — on that diagram and on a process of workflows/.
 * `npm run bench -- modeler [elements] [edits]`. Builds the app if needed; serves it from the real
 * API with its own database.
 */
import fs from 'node:fs';
import path from 'node:path';
import { launchBrowser, serve } from '../src/shared/testing/browser';
import { Role } from '../src/users';
import { ensureModelerBuilt } from '../scripts/lib/web-modeler';
import { benchApp, benchDatabase, percentile } from './lib';
import { generatedDiagram } from './modeler-diagram';

const sorted = (a: number[]) => [...a].sort((x, y) => x - y);
/** The process of workflows/ edited for the second lint figure, and an element that shows it is open. */
const REAL = { path: 'technical-review/technical-review.bpmn', element: 'open-first-round' };

interface BenchWindow {
  egovModeler: {
    editor(): {
      open(xml: string): Promise<void>;
      modeler: { get<T>(service: string): T };
    };
  };
}

export async function modelerBench(elements = 1_000, edits = 30): Promise<void> {
  console.log(`web modeler: ${await ensureModelerBuilt()}`);
  const { config, ds, stop } = await benchDatabase({
    username: 'bench-owner',
    password: 'bench-owner',
    roles: [Role.ProcessOwner],
  });
  const server = await serve(benchApp(ds));
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await page.goto(`${server.url}/modeler/`);
    await page.fill('input[name=username]', 'bench-owner');
    await page.fill('input[name=password]', 'bench-owner');
    await page.click('button[type=submit]');
    await page.click(`[data-path="${REAL.path}"]`);
    await page.waitForSelector(`.djs-element[data-element-id="${REAL.element}"]`);

    // a chain of flow nodes with one sequence flow between each two: nodes + flows = elements
    const nodes = Math.ceil((elements + 1) / 2);
    const big = generatedDiagram(nodes);
    const imports: number[] = [];
    for (let run = 0; run < 5; run++) {
      imports.push(
        await page.evaluate(async (xml) => {
          const editor = (window as unknown as BenchWindow).egovModeler.editor();
          const t = performance.now();
          await editor.open(xml);
          // rendered: the browser has painted the imported shapes
          await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
          return performance.now() - t;
        }, big),
      );
    }
    const shapes = await page.locator('.djs-element.djs-shape').count();
    const connections = await page.locator('.djs-element.djs-connection').count();
    console.log(
      `import + render, ${nodes} flow nodes + ${nodes - 1} sequence flows (${shapes} shapes, ${connections} connections on canvas): ` +
        `median ${percentile(sorted(imports), 50).toFixed(0)} ms, best ${Math.min(...imports).toFixed(0)} ms, worst ${Math.max(...imports).toFixed(0)} ms (5 runs; target < 1500 ms)`,
    );
    console.log(`  first run (cold) ${imports[0]!.toFixed(0)} ms`);

    const lintPerEdit = (count: number) =>
      page.evaluate(async (count) => {
        const modeler = (window as unknown as BenchWindow).egovModeler.editor().modeler;
        const bus = modeler.get<{ once(e: string, cb: () => void): void }>('eventBus');
        const registry = modeler.get<{ filter(f: (e: { type: string }) => boolean): { id: string }[] }>(
          'elementRegistry',
        );
        const modeling = modeler.get<{ updateLabel(e: object, name: string): void }>('modeling');
        const tasks = registry.filter((e) => e.type === 'bpmn:ServiceTask');
        const times: number[] = [];
        // let the lint of the import finish first
        await new Promise((r) => setTimeout(r, 500));
        for (let i = 0; i < count; i++) {
          const done = new Promise<void>((r) => bus.once('linting.completed', () => r()));
          const t = performance.now();
          modeling.updateLabel(tasks[(i * 7) % tasks.length]!, `改名 ${i}`);
          await done;
          times.push(performance.now() - t);
        }
        return times;
      }, count);

    const onBig = await lintPerEdit(edits);
    await page.click(`[data-path="${REAL.path}"]`);
    await page.waitForSelector(`.djs-element[data-element-id="${REAL.element}"]`);
    const onReal = await lintPerEdit(edits);
    const line = (what: string, t: number[]) =>
      `lint per edit, ${what}: p50 ${percentile(sorted(t), 50).toFixed(1)} ms, p95 ${percentile(sorted(t), 95).toFixed(1)} ms, max ${Math.max(...t).toFixed(1)} ms (${t.length} edits; target < 100 ms)`;
    console.log(line(`generated ${elements}-element diagram`, onBig));
    console.log(line(`${REAL.path} (workflows/)`, onReal));
    fs.mkdirSync(path.join(config.DATA_DIR, 'bench'), { recursive: true });
    await page.screenshot({ path: path.join(config.DATA_DIR, 'bench', 'modeler.png') });
  } finally {
    await browser.close();
    await server.stop();
    await stop();
  }
}
