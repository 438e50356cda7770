/** Which files a project document may be: by extension and by the file's own first bytes. */
import path from 'node:path';
import { z } from 'zod';

export const documentTypeSchema = z.enum(
  [
    'proposal',
    'feasibility-study',
    'preliminary-design',
    'cryptography-plan',
    'implementation-plan',
    'review-opinion',
    'other',
  ],
  'type must be one of proposal, feasibility-study, preliminary-design, cryptography-plan, implementation-plan, review-opinion, other',
);

const PDF = Buffer.from('%PDF-');
const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/** Allowed extensions: PDF, OFD (China's fixed-layout format, a ZIP container), DOCX, XLSX, ZIP. */
export const allowedTypes: Record<string, { contentType: string; magic: Buffer }> = {
  '.pdf': { contentType: 'application/pdf', magic: PDF },
  '.ofd': { contentType: 'application/ofd', magic: ZIP },
  '.docx': {
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    magic: ZIP,
  },
  '.xlsx': { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', magic: ZIP },
  '.zip': { contentType: 'application/zip', magic: ZIP },
};

/** The reason a file name is refused, or undefined when it is acceptable. */
export function fileNameProblem(name: string): string | undefined {
  if (!name || name.length > 200) return 'the file name must have 1–200 characters';
  // eslint-disable-next-line no-control-regex
  if (/[\\/\u0000-\u001f]/.test(name) || name.includes('..'))
    return 'the file name must not contain path separators, ".." or control characters';
  if (!allowedTypes[path.extname(name).toLowerCase()])
    return 'only PDF, OFD, DOCX, XLSX and ZIP files are accepted';
  return undefined;
}

export function contentMatches(name: string, head: Buffer): boolean {
  const rule = allowedTypes[path.extname(name).toLowerCase()];
  return !!rule && head.subarray(0, rule.magic.length).equals(rule.magic);
}
