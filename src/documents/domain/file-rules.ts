/** Which files a project document may be: by extension and by the file's own first bytes. */
import path from 'node:path';
import { z } from 'zod';
import { visibleLength, withoutInvisible } from '../../shared/validation';

export const documentTypeSchema = z.enum(
  [
    'proposal',
    'feasibility-study',
    'preliminary-design',
    'cryptography-plan',
    'implementation-plan',
    'review-opinion',
    'acceptance-report',
    'security-assessment',
    'cryptography-assessment',
    'performance-evaluation-report',
    'other',
  ],
  'type must be one of proposal, feasibility-study, preliminary-design, cryptography-plan, implementation-plan, review-opinion, acceptance-report, security-assessment, cryptography-assessment, performance-evaluation-report, other',
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

/**
 * A file name as it may be shown: without control, zero-width, bidi override or other invisible
 * characters (an RTL override makes "发票\u202Efdp.exe" look like "发票exe.pdf"); Chinese stays.
 */
export function displayFileName(name: string): string {
  return withoutInvisible(name);
}

/** The reason a file name is refused, or undefined when it is acceptable. */
export function fileNameProblem(name: string): string | undefined {
  if (!name || name.length > 200) return 'the file name must have 1–200 characters';
  if (/[\\/]/.test(name) || name.includes('..'))
    return 'the file name must not contain path separators or ".."';
  if (displayFileName(name) !== name)
    return `the file name must not contain control, invisible or direction-changing characters (it would show as "${displayFileName(name)}")`;
  if (visibleLength(path.parse(name).name) === 0)
    return 'the file name needs visible characters before its extension';
  if (!allowedTypes[path.extname(name).toLowerCase()])
    return 'only PDF, OFD, DOCX, XLSX and ZIP files are accepted';
  return undefined;
}

export function contentMatches(name: string, head: Buffer): boolean {
  const rule = allowedTypes[path.extname(name).toLowerCase()];
  return !!rule && head.subarray(0, rule.magic.length).equals(rule.magic);
}
