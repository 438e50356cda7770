/** Lints BPMN XML in Node with the modeler's rule set: the API runs it before every deployment. */
import BpmnModdle from 'bpmn-moddle';
import zeebe from 'zeebe-bpmn-moddle/resources/zeebe.json';
import { AppError } from '../../shared/errors';
import { SinglePassLinter } from './single-pass';
import { ruleReferences } from './rules/rule-id-exists';
import type { ModdleElement } from './rules/extension';
import { createLintConfig, flattenReports, type LintCatalogue, type LintIssue } from './config';

/** Parses BPMN 2.0 XML with the Zeebe extensions; malformed XML or another root is a 400. */
export async function parseBpmn(xml: string): Promise<unknown> {
  // the root element tells "XML, but something else" (an HTML page, a DMN file) from broken XML
  const rootTag = /<(?![?!])(?:[\w.-]+:)?([\w.-]+)[^>]*>/.exec(xml);
  if (
    rootTag &&
    (rootTag[1] !== 'definitions' ||
      rootTag[0].includes('http://www.omg.org/spec/DMN/') ||
      rootTag[0].includes('https://www.omg.org/spec/DMN/'))
  ) {
    throw new AppError(
      'bad-request',
      `the file is XML but not a BPMN 2.0 diagram (its root is <${rootTag[1]}>)`,
      {
        details: { code: 'not-bpmn' },
      },
    );
  }
  const moddle = new BpmnModdle({ zeebe });
  let root: { $type?: string } | undefined;
  try {
    ({ rootElement: root } = (await moddle.fromXML(xml)) as { rootElement: { $type?: string } });
  } catch (e) {
    throw new AppError('bad-request', `the file is not well-formed BPMN XML: ${(e as Error).message}`, {
      details: { code: 'malformed-xml' },
    });
  }
  if (root?.$type !== 'bpmn:Definitions') {
    throw new AppError('bad-request', 'the file is XML but not a BPMN 2.0 diagram', {
      details: { code: 'not-bpmn' },
    });
  }
  return root;
}

export async function lintBpmn(xml: string, catalogue: LintCatalogue): Promise<LintIssue[]> {
  return (await lintDefinitions(await parseBpmn(xml), catalogue)).issues;
}

/** A rule that crashed on a diagram: its internal error, for the log only. */
export interface RuleFailure {
  rule: string;
  error: string;
}

/**
 * Lints parsed BPMN. A rule that crashes (a JavaScript error on an unusual diagram) is reported
 * as a blocking issue with a plain message; its internal error goes to `failures`, never to users.
 */
export async function lintDefinitions(
  definitions: unknown,
  catalogue: LintCatalogue,
): Promise<{ issues: LintIssue[]; failures: RuleFailure[] }> {
  const linter = new SinglePassLinter(createLintConfig(catalogue));
  const results = await linter.lint(definitions);
  const failures: RuleFailure[] = [];
  for (const [rule, reports] of Object.entries(results)) {
    for (const report of reports) {
      if (report.category !== 'rule-error') continue;
      failures.push({ rule, error: report.message });
      report.message = `the rule ${rule} could not check this diagram (an internal error, logged)`;
    }
  }
  return { issues: flattenReports(results), failures };
}

/**
 * Rule ids a BPMN names, element by element: the same reading (`rule` property or header,
 * `ruleId` input) that egov/rule-id-exists checks. `npm run rules` reports coverage with it.
 */
export async function ruleIdsInBpmn(xml: string): Promise<{ elementId: string; ruleId: string }[]> {
  const definitions = (await parseBpmn(xml)) as { rootElements?: ModdleElement[] };
  const found: { elementId: string; ruleId: string }[] = [];
  const visit = (element: ModdleElement) => {
    if (element.id)
      for (const ruleId of ruleReferences(element)) found.push({ elementId: element.id, ruleId });
    for (const child of (element.flowElements as ModdleElement[] | undefined) ?? []) visit(child);
  };
  (definitions.rootElements ?? []).forEach(visit);
  return found;
}
