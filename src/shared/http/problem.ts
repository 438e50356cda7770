/** RFC 9457 problem documents, built in one place so that every error answer has the same shape. */
import { STATUS_CODES } from 'node:http';

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  [extension: string]: unknown;
}

/**
 * The extension members (`details`, e.g. the invalid fields) go in first, so that none of them
 * can overwrite the standard members: a field named `status` or `type` stays an extension.
 */
export function problemDocument(problem: {
  type: string;
  status: number;
  detail: string;
  instance: string;
  details?: Record<string, unknown>;
}): ProblemDocument {
  return {
    ...problem.details,
    type: problem.type,
    title: STATUS_CODES[problem.status] ?? 'Error',
    status: problem.status,
    detail: problem.detail,
    instance: problem.instance,
  };
}
