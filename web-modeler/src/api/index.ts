/** The modeler's calls to /api/modeler, signed in with the same accounts as the rest of the API. */
import { describeProblem, type Problem } from '../i18n/problems';

const CREDENTIALS_KEY = 'egov-modeler-credentials';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(describeProblem(status, problem).message);
  }
}

export function setCredentials(username: string, password: string): void {
  const bytes = new TextEncoder().encode(`${username}:${password}`);
  sessionStorage.setItem(CREDENTIALS_KEY, btoa(String.fromCharCode(...bytes)));
}

export function clearCredentials(): void {
  sessionStorage.removeItem(CREDENTIALS_KEY);
}

export const hasCredentials = () => sessionStorage.getItem(CREDENTIALS_KEY) !== null;

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {
    Authorization: `Basic ${sessionStorage.getItem(CREDENTIALS_KEY) ?? ''}`,
    // asks the API not to send a WWW-Authenticate challenge: the app has its own sign-in form
    'X-Requested-With': 'egov-modeler',
  };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`/api/modeler${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const type = res.headers.get('Content-Type') ?? '';
  if (!res.ok) {
    const problem = type.includes('json') ? ((await res.json()) as Problem) : { detail: await res.text() };
    throw new ApiError(res.status, problem);
  }
  return (type.includes('json') ? res.json() : res.text()) as Promise<T>;
}

export type ModelKind = 'bpmn' | 'dmn' | 'form';

export interface Catalogue {
  camundaVersion: string;
  lintProfile: string;
  templates: object[];
  jobTypes: string[];
  ruleIds: string[];
  rules: { id: string; text: string }[];
  user: { username: string; displayName: string };
  canEdit: boolean;
  /** largest file the API accepts (MODELER_MAX_BYTES) */
  maxBytes: number;
}

export interface WorkflowFile {
  path: string;
  fileName: string;
  kind: ModelKind;
  resourceId: string;
  name: string | null;
}

export interface ModelSummary {
  kind: ModelKind;
  resourceId: string;
  name: string | null;
  latestVersion: number;
  deployedVersion: number | null;
  deployedVersionId: string | null;
}

export interface VersionSummary {
  id: string;
  resourceId: string;
  kind: ModelKind;
  version: number;
  fileName: string;
  name: string | null;
  author: string;
  comment: string;
  createdAt: string;
  deployedAs: number[];
}

export interface Version extends VersionSummary {
  content: string;
}

export interface Deployment {
  resourceId: string;
  kind: ModelKind;
  engineVersion: number;
  engineKey: string;
  versionId: string;
  version: number;
  warnings: { elementId: string; message: string }[];
}

export const api = {
  catalogue: () => call<Catalogue>('GET', '/catalogue'),
  workflowFiles: () => call<WorkflowFile[]>('GET', '/workflow-files'),
  workflowFile: (path: string) => call<string>('GET', `/workflow-file?path=${encodeURIComponent(path)}`),
  models: () => call<ModelSummary[]>('GET', '/models'),
  versions: (kind: ModelKind, resourceId: string) =>
    call<VersionSummary[]>('GET', `/models/${kind}/${encodeURIComponent(resourceId)}/versions`),
  version: (id: string) => call<Version>('GET', `/versions/${id}`),
  saveVersion: (body: { fileName: string; content: string; comment: string }) =>
    call<VersionSummary>('POST', '/versions', body),
  deploy: (body: { fileName: string; content: string; comment: string }) =>
    call<Deployment>('POST', '/deployments', body),
};
