/** Deploys every BPMN, DMN and form under `workflows/` in one deployment (all or nothing). */
import fs from 'node:fs';
import path from 'node:path';
import type { Zeebe } from './client';

const deployable = /\.(bpmn|dmn|form)$/;

export function listWorkflowFiles(root: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(root, { withFileTypes: true })) {
    const full = path.join(root, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) out.push(...listWorkflowFiles(full));
    } else if (deployable.test(entry.name)) {
      out.push(full);
    }
  }
  return out.sort();
}

export interface DeployedResource {
  file: string;
  kind: 'process' | 'decision' | 'decisionRequirements' | 'form';
  id: string;
  version: number;
  key: string;
}

export function deployWorkflows(zeebe: Zeebe, files: string[]): Promise<DeployedResource[]> {
  return deployResources(
    zeebe,
    files.map((file) => ({ name: path.basename(file), content: fs.readFileSync(file) })),
  );
}

/** Deploys resources given by name and content in one deployment; the engine's rejection is thrown as is. */
export async function deployResources(
  zeebe: Zeebe,
  resources: { name: string; content: Buffer | string }[],
): Promise<DeployedResource[]> {
  if (resources.length === 0) return [];
  // the broker tells BPMN, DMN and forms apart by the file name's extension
  const res = await zeebe.deployResources(
    resources.map((r) => ({ name: r.name, process: Buffer.from(r.content) })),
  );
  const out: DeployedResource[] = [];
  for (const d of res.deployments as Record<string, Record<string, string | number> | undefined>[]) {
    if (d.process) {
      const p = d.process;
      out.push({
        file: String(p.resourceName),
        kind: 'process',
        id: String(p.bpmnProcessId),
        version: Number(p.version),
        key: String(p.processDefinitionKey),
      });
    } else if (d.decision) {
      const p = d.decision;
      out.push({
        file: String(p.decisionRequirementsId),
        kind: 'decision',
        id: String(p.dmnDecisionId),
        version: Number(p.version),
        key: String(p.decisionKey),
      });
    } else if (d.decisionRequirements) {
      const p = d.decisionRequirements;
      out.push({
        file: String(p.resourceName),
        kind: 'decisionRequirements',
        id: String(p.dmnDecisionRequirementsId),
        version: Number(p.version),
        key: String(p.decisionRequirementsKey),
      });
    } else if (d.form) {
      const p = d.form;
      out.push({
        file: String(p.resourceName),
        kind: 'form',
        id: String(p.formId),
        version: Number(p.version),
        key: String(p.formKey),
      });
    }
  }
  return out;
}
