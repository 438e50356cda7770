/**
 * Every BPMN under workflows/ against the name registry and the workers: a job type with no
 * worker, or a process id not in the registry, strands instances on the cluster.
 */
import fs from 'node:fs';
import { DecisionId, ErrorCode, EscalationCode, JobType, MessageName, ProcessId } from '../src/shared/bpmn';
import { listWorkflowFiles } from '../src/shared/camunda/deploy';
import { paths } from '../src/shared/config';
import { citedText, ruleIds, rules } from '../src/shared/rules';
import { workers } from '../workers/registry';

const bpmnFiles = listWorkflowFiles(paths.workflows).filter((f) => f.endsWith('.bpmn'));
const attr = (xml: string, re: RegExp) => [...xml.matchAll(re)].map((m) => m[1]!);

describe.each(bpmnFiles.map((f) => [f.slice(paths.workflows.length + 1), fs.readFileSync(f, 'utf8')]))(
  '%s',
  (_name, xml) => {
    it('uses only process ids from the registry', () => {
      const ids = attr(xml, /<bpmn:process [^>]*id="([^"]+)"/g);
      expect(ids.length).toBeGreaterThan(0);
      for (const id of ids) expect(Object.values(ProcessId)).toContain(id);
    });

    it('uses only job types that a registered worker implements', () => {
      const implemented = workers.map((w) => w.type);
      for (const type of attr(xml, /<zeebe:taskDefinition [^>]*type="([^"]+)"/g)) {
        expect(Object.values(JobType)).toContain(type);
        expect(implemented).toContain(type);
      }
    });

    it('catches only error codes from the registry', () => {
      for (const code of attr(xml, /<bpmn:error [^>]*errorCode="([^"]+)"/g))
        expect(Object.values(ErrorCode)).toContain(code);
    });

    it('uses only escalation codes from the registry', () => {
      for (const code of attr(xml, /<bpmn:escalation [^>]*escalationCode="([^"]+)"/g))
        expect(Object.values(EscalationCode)).toContain(code);
    });

    it('uses only message names from the registry', () => {
      for (const name of attr(xml, /<bpmn:message [^>]*name="([^"]+)"/g))
        expect(Object.values(MessageName)).toContain(name);
    });

    it('gives every element a meaningful kebab-case id', () => {
      // process ids are checked against the registry above (some are one word: procurement, construction)
      const ids = attr(xml, /<bpmn:(?!process )\w+ [^>]*\bid="([^"]+)"/g);
      for (const id of ids) expect(id).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)+$/);
    });

    it('names a rule id in every service task', () => {
      const tasks = xml.split('<bpmn:serviceTask ').slice(1);
      for (const t of tasks)
        expect(t.split('</bpmn:serviceTask>')[0]).toMatch(
          /<zeebe:property name="rule" value="[MT]\d+(\.\d+)?"/,
        );
    });
  },
);

it('every BPMN error a worker may throw is caught by some workflow', () => {
  const caught = bpmnFiles.flatMap((f) =>
    attr(fs.readFileSync(f, 'utf8'), /<bpmn:error [^>]*errorCode="([^"]+)"/g),
  );
  for (const code of Object.values(ErrorCode)) expect(caught).toContain(code);
});

it('every registered worker is used by some workflow', () => {
  const used = bpmnFiles.flatMap((f) =>
    attr(fs.readFileSync(f, 'utf8'), /<zeebe:taskDefinition [^>]*type="([^"]+)"/g),
  );
  for (const w of workers) expect(used).toContain(w.type);
});

describe.each(
  listWorkflowFiles(paths.workflows)
    .filter((f) => f.endsWith('.dmn'))
    .map((f) => [f.slice(paths.workflows.length + 1), fs.readFileSync(f, 'utf8')]),
)('%s', (_name, xml) => {
  it('declares only decision ids from the registry, and names the rule it decides', () => {
    const ids = attr(xml, /<decision [^>]*id="([^"]+)"/g);
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(Object.values(DecisionId)).toContain(id);
    const rule = /<definitions [^>]*name="[^"]*（([MT]\d+(?:\.\d+)?)）"/.exec(xml)?.[1];
    expect(ruleIds.has(rule ?? '')).toBe(true);
  });
});

describe('forms', () => {
  const formFiles = listWorkflowFiles(paths.workflows).filter((f) => f.endsWith('.form'));
  interface Component {
    type: string;
    key?: string;
    text?: string;
    label?: string;
    values?: { label: string }[];
    components?: Component[];
  }
  const forms = formFiles.map((f) => {
    const schema = JSON.parse(fs.readFileSync(f, 'utf8')) as { id: string; components: Component[] };
    return { file: f.slice(paths.workflows.length + 1), ...schema };
  });
  const flat = (cs: Component[]): Component[] => cs.flatMap((c) => [c, ...flat(c.components ?? [])]);

  it('has one form per form id', () => {
    const ids = forms.map((f) => f.id);
    expect(ids.length).toBeGreaterThan(0);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('gives every user task a form that is in the repository (else Tasklist shows the officer an empty task)', () => {
    const ids = new Set(forms.map((f) => f.id));
    const linked = bpmnFiles.flatMap((f) =>
      attr(fs.readFileSync(f, 'utf8'), /<zeebe:formDefinition [^>]*formId="([^"]+)"/g).map((id) => [f, id]),
    );
    expect(linked.length).toBeGreaterThan(20);
    for (const [file, id] of linked) expect({ file, id, found: ids.has(id!) }).toMatchObject({ found: true });
  });

  // every user task with a rule and a form: [process file, task id, rule id, form id]
  const ruledTasks = bpmnFiles.flatMap((f) =>
    fs
      .readFileSync(f, 'utf8')
      .split('<bpmn:userTask ')
      .slice(1)
      .map((t) => t.split('</bpmn:userTask>')[0]!)
      .flatMap((t) => {
        const rule = /<zeebe:property name="rule" value="([^"]+)"/.exec(t)?.[1];
        const formId = /<zeebe:formDefinition [^>]*formId="([^"]+)"/.exec(t)?.[1];
        const id = /^id="([^"]+)"/.exec(t)?.[1];
        return rule && formId ? [[f.slice(paths.workflows.length + 1), id!, rule, formId] as const] : [];
      }),
  );

  it.each(ruledTasks)(
    '%s %s: its form cites the article text of %s (a 依据（…） block)',
    (_file, _task, ruleId, formId) => {
      // given the rule the task enforces, its cited text in the catalogue, and the task's form
      const rule = rules.find((r) => r.id === ruleId);
      expect(rule).toBeDefined();
      const cited = citedText(rule!).replace(/\s+/g, '');
      const form = forms.find((f) => f.id === formId);
      expect(form).toBeDefined();
      // when its text components are read
      const texts = flat(form!.components)
        .filter((c) => c.type === 'text')
        .map((c) => (c.text ?? '').replace(/\s+/g, ''));
      // then one of them names the rule in a 依据（…） block and quotes a distinctive part of its text
      const snippet = cited.slice(0, Math.min(16, cited.length));
      const citing = texts.filter((t) =>
        [...t.matchAll(/依据（([^）]+)）/g)].some((m) => m[1]!.split(/[、，,]/).includes(ruleId)),
      );
      expect({ formId, ruleId, cites: citing.some((t) => t.includes(snippet)) }).toEqual({
        formId,
        ruleId,
        cites: true,
      });
    },
  );

  it('checks the article text of many forms', () => {
    expect(ruledTasks.length).toBeGreaterThan(20);
  });

  it.each(forms.map((f) => [f.file, f]))(
    '%s speaks Chinese: every labelled field and option',
    (_file, form) => {
      const cjk = /[\u4e00-\u9fff]/;
      const labels = flat(form.components).flatMap((c) => [
        ...(c.label !== undefined ? [c.label] : []),
        ...(c.values ?? []).map((v) => v.label),
      ]);
      expect(labels.length).toBeGreaterThan(0);
      for (const label of labels) expect(label).toMatch(cjk);
    },
  );
});
