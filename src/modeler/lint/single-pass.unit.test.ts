import fs from 'node:fs';
import path from 'node:path';
import BpmnModdle from 'bpmn-moddle';
import { Linter } from 'bpmnlint';
import zeebe from 'zeebe-bpmn-moddle/resources/zeebe.json';
import { generatedDiagram } from '../../../bench/modeler-diagram';
import { listWorkflowFiles } from '../../shared/camunda';
import { paths } from '../../shared/config';
import { ruleIds } from '../../shared/rules';
import { createLintConfig } from './config';
import { SinglePassLinter } from './single-pass';

const config = createLintConfig({
  jobTypes: ['deadline.compute', 'review.open-round'],
  ruleIds: [...ruleIds],
});
const fixtures = path.join(__dirname, 'rules', 'fixtures');

const diagrams: [string, string][] = [
  ...listWorkflowFiles(paths.workflows)
    .filter((f) => f.endsWith('.bpmn'))
    .map((f): [string, string] => [path.basename(f), fs.readFileSync(f, 'utf8')]),
  ...fs
    .readdirSync(fixtures)
    .filter((f) => f.endsWith('.bpmn'))
    .map((f): [string, string] => [f, fs.readFileSync(path.join(fixtures, f), 'utf8')]),
  ['generated 201 nodes', generatedDiagram(201)],
];

describe('SinglePassLinter', () => {
  const reused = new SinglePassLinter(config);

  it.each(diagrams)('reports exactly what bpmnlint reports for %s', async (_name, xml) => {
    // given a parsed diagram
    const { rootElement } = await new BpmnModdle({ zeebe }).fromXML(xml);
    // when both linters run the same configuration
    const expected = await new Linter(config).lint(rootElement);
    // (the single-pass linter is reused, as the modeler reuses it on every edit)
    await reused.lint(rootElement);
    const actual = await reused.lint(rootElement);
    // then the reports are the same, rule by rule
    expect(actual).toEqual(expected);
    expect(Object.keys(expected).length).toBeGreaterThan(0);
  });
});

describe('SinglePassLinter.lintChanged', () => {
  interface Node {
    id: string;
    $type: string;
    name?: string;
    incoming?: Node[];
    outgoing?: Node[];
    sourceRef?: Node;
    targetRef?: Node;
    flowElements?: Node[];
    extensionElements?: { values: { type?: string }[] };
  }
  const sorted = (results: Record<string, object[]>) =>
    Object.fromEntries(
      Object.entries(results).map(([rule, reports]) => [rule, reports.map((r) => JSON.stringify(r)).sort()]),
    );

  async function afterEdit(edit: (process: Node) => unknown[]) {
    // given a diagram linted once in full
    const { rootElement } = await new BpmnModdle({ zeebe }).fromXML(generatedDiagram(41));
    const linter = new SinglePassLinter(config);
    await linter.lint(rootElement);
    const process = (rootElement as unknown as { rootElements: Node[] }).rootElements[0]!;
    // when the diagram is edited and only the changed elements are re-linted
    const changed = edit(process);
    const incremental = await linter.lintChanged(rootElement, changed);
    // then the result is bpmnlint's full lint of the edited diagram
    return { incremental: sorted(incremental), full: sorted(await new Linter(config).lint(rootElement)) };
  }
  const node = (p: Node, id: string) => p.flowElements!.find((e) => e.id === id)!;

  it('after a job type changes', async () => {
    const { incremental, full } = await afterEdit((p) => {
      const task = node(p, 'node-3');
      task.extensionElements!.values[0]!.type = 'fax.send';
      return [task];
    });
    expect(incremental).toEqual(full);
    expect(JSON.stringify(full)).toContain('fax.send');
  });

  it('after a task is renamed to an empty name', async () => {
    const { incremental, full } = await afterEdit((p) => {
      const task = node(p, 'node-7');
      task.name = '';
      return [task];
    });
    expect(incremental).toEqual(full);
  });

  it('after the end event and its flow are deleted', async () => {
    const { incremental, full } = await afterEdit((p) => {
      const end = node(p, 'node-40');
      const flow = node(p, 'flow-39');
      const source = node(p, 'node-39');
      p.flowElements = p.flowElements!.filter((e) => e !== end && e !== flow);
      source.outgoing = [];
      return [end, flow, source, p];
    });
    expect(incremental).toEqual(full);
    expect(JSON.stringify(full)).toContain('Process is missing end event');
  });
});
