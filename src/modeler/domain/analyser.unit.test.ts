import fs from 'node:fs';
import path from 'node:path';
import { generatedDiagram } from '../../../bench/modeler-diagram';
import { quietLog } from '../../shared/testing';
import { ModelAnalyser, countXmlElements, type AnalysisLimits } from './analyser';

const catalogue = { jobTypes: ['deadline.compute'], ruleIds: ['M11.1'] };
const deployable = fs.readFileSync(path.join(__dirname, '..', 'api', 'fixtures', 'deployable.bpmn'), 'utf8');
const generous: AnalysisLimits = { maxElements: 40_000, timeoutMs: 60_000, queue: 4 };
/**
 * Takes the worker thread a few seconds to lint (more than a second even on a fast, idle machine:
 * 1 500 flow nodes once took 889 ms); about 32 000 XML elements, within these tests' element limit.
 */
const slow = generatedDiagram(3_000);

describe('ModelAnalyser', () => {
  const analysers: ModelAnalyser[] = [];
  const analyser = (limits: Partial<AnalysisLimits> = {}) => {
    const a = new ModelAnalyser(catalogue, { ...generous, ...limits }, quietLog());
    analysers.push(a);
    return a;
  };
  afterAll(() => Promise.all(analysers.map((a) => a.close())));

  it('counts XML elements without parsing, and stops counting past the limit', () => {
    expect(countXmlElements('<?xml version="1.0"?><!-- c --><a><b x="1"/><c></c><![CDATA[x]]></a>')).toBe(3);
    expect(countXmlElements(generatedDiagram(1000), 50)).toBe(51);
  });

  it('identifies and lints a model in its worker thread', async () => {
    // given a deployable diagram, when it is analysed with lint
    const result = await analyser().analyse({ fileName: 'deployable.bpmn', content: deployable, lint: true });
    // then its identity and findings come back
    expect(result.identity).toEqual({ kind: 'bpmn', resourceId: 'modeler-deployable', name: '可部署的流程' });
    expect(result.issues.filter((i) => i.category === 'error')).toEqual([]);
  });

  it('refuses a model over the element limit at once, before any parsing', async () => {
    // given a diagram like the one of the report: 4.8 MB, about 86 000 XML elements
    const huge = generatedDiagram(8_000);
    const started = Date.now();
    // when it is analysed
    const refused = await analyser({ maxElements: 10_000 })
      .analyse({ content: huge, lint: true })
      .catch((e: unknown) => e);
    // then it is refused with 413 and a reason, within a fraction of a second
    expect(refused).toMatchObject({
      status: 413,
      details: { code: 'too-many-elements', maxElements: 10_000 },
    });
    expect((refused as Error).message).toMatch(/more than 10000 XML elements/);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('stops an analysis that runs over the time limit, and the next one works again', async () => {
    // given a time limit far shorter than the parse and lint of a large diagram, even on an idle machine
    const a = analyser({ timeoutMs: 100 });
    // start the worker, so the limit below times lint only (on a loaded machine even this small model
    // may overrun 100 ms: then the next analysis starts a worker of its own, which is what it tests)
    await a.analyse({ content: deployable, lint: true }).catch(() => undefined);
    // when the large diagram is analysed
    const refused = await a.analyse({ content: slow, lint: true }).catch((e: unknown) => e);
    // then it is refused as too complex, and a small model afterwards is analysed by a new worker
    expect(refused).toMatchObject({ status: 413, details: { code: 'too-complex', timeoutMs: 100 } });
    // (a fresh worker's first analysis may itself overrun 100 ms on a loaded machine, as in one
    // `npm test` while the stack started: each overrun starts another worker, so a few tries)
    let after: Awaited<ReturnType<typeof a.analyse>> | undefined;
    for (let tries = 0; !after && tries < 5; tries++) {
      after = await a
        .analyse({ fileName: 'deployable.bpmn', content: deployable, lint: false })
        .catch((e: unknown) => {
          expect(e).toMatchObject({ status: 413, details: { code: 'too-complex' } });
          return undefined;
        });
    }
    expect(after?.identity?.resourceId).toBe('modeler-deployable');
  }, 60_000);

  it('refuses an analysis as busy when the queue is full, with when to retry', async () => {
    // given no waiting room and one analysis running
    const a = analyser({ queue: 0 });
    const running = a.analyse({ content: slow, lint: true });
    // when a second arrives
    const refused = await a.analyse({ content: deployable, lint: true }).catch((e: unknown) => e);
    // then it is refused with 503 and a retry time; the first completes
    expect(refused).toMatchObject({ status: 503, details: { code: 'busy', retryAfterSeconds: 60 } });
    await expect(running).resolves.toMatchObject({ identity: null });
  }, 60_000);

  it('keeps the event loop free while it lints a large diagram', async () => {
    // given a running timer that measures how late it fires
    const a = analyser();
    await a.analyse({ content: deployable, lint: true });
    let worst = 0;
    let last = Date.now();
    const timer = setInterval(() => {
      const now = Date.now();
      worst = Math.max(worst, now - last - 10);
      last = now;
    }, 10);
    // when a diagram that takes more than a second to lint is analysed
    const started = Date.now();
    await a.analyse({ content: slow, lint: true });
    const took = Date.now() - started;
    clearInterval(timer);
    // then the lint took long (positive control), yet the timer was never late by much
    expect(took).toBeGreaterThan(1_000);
    expect(worst).toBeLessThan(250);
  }, 60_000);

  it('reports a rule that crashes as a plain finding, without JavaScript errors', async () => {
    // given a diagram on which bpmnlint's own rules throw TypeErrors (definitions without an id or content)
    const bare = '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"/>';
    // when it is linted
    const { issues } = await analyser().analyse({ content: bare, lint: true });
    // then the crashed rules are findings in plain words, and no internal error text leaks
    expect(issues.length).toBeGreaterThan(0);
    expect(issues.map((i) => i.message)).toContain(
      'the rule global could not check this diagram (an internal error, logged)',
    );
    expect(JSON.stringify(issues)).not.toMatch(/TypeError|Cannot read|undefined|\.js:\d+/);
  });
});
