/**
 * What the deployed BPMN says about each element: the rule it enforces (`zeebe:property
 * name="rule"`, else a `rule` task header) and its name, by process id and element id.
 */
import fs from 'node:fs';
import BpmnModdle from 'bpmn-moddle';
import zeebe from 'zeebe-bpmn-moddle/resources/zeebe.json';
import type { ElementInfo, ElementLookup } from './events';

interface Node {
  $type: string;
  id?: string;
  name?: string;
  flowElements?: Node[];
  rootElements?: Node[];
  extensionElements?: { values?: Node[] };
  properties?: { name?: string; value?: string }[];
  values?: { key?: string; value?: string }[];
}

function ruleOf(n: Node): string | null {
  const ext = n.extensionElements?.values ?? [];
  for (const e of ext) {
    if (e.$type === 'zeebe:Properties')
      for (const p of e.properties ?? []) if (p.name === 'rule' && p.value) return p.value;
  }
  for (const e of ext) {
    if (e.$type === 'zeebe:TaskHeaders')
      for (const h of e.values ?? []) if (h.key === 'rule' && h.value) return h.value;
  }
  return null;
}

/** element infos of one BPMN document, keyed `<process id>/<element id>` */
export async function readModel(xml: string): Promise<Map<string, ElementInfo>> {
  const { rootElement } = (await new BpmnModdle({ zeebe }).fromXML(xml)) as { rootElement: Node };
  const out = new Map<string, ElementInfo>();
  const walk = (processId: string, nodes: Node[]) => {
    for (const n of nodes) {
      if (n.id) out.set(`${processId}/${n.id}`, { rule: ruleOf(n), name: n.name ?? null });
      if (n.flowElements) walk(processId, n.flowElements);
    }
  };
  for (const p of rootElement.rootElements ?? []) {
    if (p.$type === 'bpmn:Process' && p.id) {
      out.set(`${p.id}/${p.id}`, { rule: ruleOf(p), name: p.name ?? null });
      walk(p.id, p.flowElements ?? []);
    }
  }
  return out;
}

/**
 * A lookup over BPMN files. Without a process id (a record that did not name it), an element id
 * used by one process only still resolves.
 */
export async function elementLookup(files: string[]): Promise<ElementLookup> {
  const all = new Map<string, ElementInfo>();
  for (const f of files.filter((f) => f.endsWith('.bpmn'))) {
    for (const [k, v] of await readModel(fs.readFileSync(f, 'utf8'))) all.set(k, v);
  }
  const byElement = new Map<string, ElementInfo[]>();
  for (const [k, v] of all) {
    const id = k.slice(k.indexOf('/') + 1);
    byElement.set(id, [...(byElement.get(id) ?? []), v]);
  }
  const unknown: ElementInfo = { rule: null, name: null };
  return (processId, elementId) => {
    if (processId) return all.get(`${processId}/${elementId}`) ?? unknown;
    const candidates = byElement.get(elementId) ?? [];
    return candidates.length === 1 ? candidates[0]! : unknown;
  };
}
