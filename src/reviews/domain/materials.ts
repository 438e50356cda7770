/**
 * Whether a project's review materials are complete before the EIB's review clock starts:
 * the documents its path requires are in the document store (M10.1, or M10.2's simplified path,
 * decided by the `document-path` DMN), off-the-shelf software is priced with at least three
 * comparative quotes, and original development of business software carries a written
 * justification (M11.6). Every problem is named in Chinese for the department's form.
 */
import type { DataSource } from 'typeorm';
import { DocumentEntity } from '../../documents/data-access/document.entity';

/** Outputs of the `document-path` DMN. */
export const DocumentPath = {
  /** M10.1: feasibility study, preliminary design and cryptography application plan */
  FeasibilityStudy: 'feasibility-study',
  /** M10.2: a preliminary design (in place of the feasibility study) or an implementation plan */
  Simplified: 'preliminary-design-or-implementation-plan',
} as const;
export type DocumentPath = (typeof DocumentPath)[keyof typeof DocumentPath];

/** M11.6: comparative quotes needed to price off-the-shelf software */
export const MIN_QUOTES = 3;
const MIN_JUSTIFICATION = 10;

const documentLabel: Record<string, string> = {
  'feasibility-study': '可行性研究报告',
  'preliminary-design': '初步设计',
  'implementation-plan': '实施方案',
  'cryptography-plan': '密码应用方案',
};

/** Each entry is satisfied by any one of its document types. */
export const requiredDocuments: Record<DocumentPath, string[][]> = {
  'feasibility-study': [['feasibility-study'], ['preliminary-design'], ['cryptography-plan']],
  'preliminary-design-or-implementation-plan': [
    ['preliminary-design', 'implementation-plan'],
    ['cryptography-plan'],
  ],
};

export interface MaterialsDeclaration {
  projectCode: string;
  documentPath: DocumentPath;
  /** the project buys off-the-shelf software */
  softwarePurchase: boolean;
  quoteCount: number | null;
  /** the project develops business software from scratch */
  originalDevelopment: boolean;
  originalDevelopmentJustification: string | null;
}

export interface MaterialsCheck {
  problems: string[];
  /** the latest version of every document the path requires, by type */
  documents: { type: string; version: number; id: string }[];
}

/** What is missing or wrong in the declared materials; no problems means the review may start. */
export async function checkReviewMaterials(ds: DataSource, m: MaterialsDeclaration): Promise<MaterialsCheck> {
  const stored = await ds
    .getRepository(DocumentEntity)
    .find({ where: { projectCode: m.projectCode }, order: { version: 'DESC' } });
  const latest = new Map<string, (typeof stored)[number]>();
  for (const d of stored) if (!latest.has(d.type)) latest.set(d.type, d);

  const problems: string[] = [];
  const documents: MaterialsCheck['documents'] = [];
  const rule = m.documentPath === DocumentPath.Simplified ? 'M10.2' : 'M10.1';
  for (const alternatives of requiredDocuments[m.documentPath]) {
    const found = alternatives.map((t) => latest.get(t)).filter((d) => d !== undefined);
    if (found.length === 0) {
      problems.push(
        `缺少${alternatives.map((t) => documentLabel[t]).join('或')}（${rule}），请先上传（类型 ${alternatives.join(' / ')}）`,
      );
    }
    for (const d of found) documents.push({ type: d.type, version: d.version, id: String(d.id) });
  }
  if (m.softwarePurchase && (m.quoteCount ?? 0) < MIN_QUOTES) {
    problems.push(`成品软件取费需设计单位提供三家以上比价资料（M11.6），现有 ${m.quoteCount ?? 0} 家`);
  }
  if (m.originalDevelopment && (m.originalDevelopmentJustification?.trim().length ?? 0) < MIN_JUSTIFICATION) {
    problems.push(
      `原则上不再支持业务系统软件的原始开发（M11.6）：确需原始开发的，请书面说明理由（至少 ${MIN_JUSTIFICATION} 个字）`,
    );
  }
  return { problems, documents };
}
