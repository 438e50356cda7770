/**
 * The modeler's calls to /api/modeler. The browser holds no credentials: the API keeps the session
 * (signed in through the identity provider) behind an HttpOnly cookie, and writes carry the
 * session's CSRF token, which only this origin's pages can read (GET /auth/session).
 */
import { describeProblem, type Problem } from '../i18n/problems';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(describeProblem(status, problem).message);
  }
}

let csrfToken = '';

export interface Session {
  user: { username: string; displayName: string; roles: string[] };
  csrfToken: string;
}

/** The current session, or undefined when not signed in. */
export async function currentSession(): Promise<Session | undefined> {
  const res = await fetch('/auth/session', { headers: { 'X-Requested-With': 'egov-modeler' } });
  if (res.status === 401) return undefined;
  if (!res.ok) throw new ApiError(res.status, (await res.json()) as Problem);
  const session = (await res.json()) as Session | { user: null };
  if (!session.user) return undefined;
  csrfToken = session.csrfToken;
  return session;
}

/** Ends the session here and at the identity provider (the browser goes there and back). */
export async function signOut(): Promise<void> {
  const res = await fetch('/auth/logout', {
    method: 'POST',
    headers: { 'X-CSRF-Token': csrfToken, 'X-Requested-With': 'egov-modeler' },
  });
  const body = res.ok ? ((await res.json()) as { logoutUrl: string }) : undefined;
  location.assign(body?.logoutUrl ?? '/modeler/?signin=signed-out');
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {
    // asks the API not to send a WWW-Authenticate challenge: the app signs in by itself
    'X-Requested-With': 'egov-modeler',
  };
  if (method !== 'GET') headers['X-CSRF-Token'] = csrfToken;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`/api/modeler${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const type = res.headers.get('Content-Type') ?? '';
  if (!res.ok) {
    const problem = type.includes('json') ? ((await res.json()) as Problem) : { detail: await res.text() };
    // the session ended (signed out elsewhere, disabled, expired): back to the sign-in page
    if (res.status === 401) location.assign('/modeler/?signin=ended');
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
  /** rules that set a deadline (lint: a user task naming one needs a due date) */
  deadlineRuleIds?: string[];
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
