/**
 * Every BPMN under workflows/ against the name registry and the workers: a job type with no
 * worker, or a process id not in the registry, strands instances on the cluster.
 */
import fs from 'node:fs';
import { DecisionId, ErrorCode, JobType, MessageName, ProcessId } from '../src/shared/bpmn';
import { listWorkflowFiles } from '../src/shared/camunda/deploy';
import { paths } from '../src/shared/config';
import { ruleIds } from '../src/shared/rules';
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

    it('uses only message names from the registry', () => {
      for (const name of attr(xml, /<bpmn:message [^>]*name="([^"]+)"/g))
        expect(Object.values(MessageName)).toContain(name);
    });

    it('gives every element a meaningful kebab-case id', () => {
      const ids = attr(xml, /<bpmn:\w+ [^>]*\bid="([^"]+)"/g);
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
