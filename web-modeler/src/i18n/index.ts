/**
 * The modeler's one translation function (zh-CN), given to bpmn-js, dmn-js and the lint overlays
 * as their `translate` service. A string it cannot translate is shown as is and remembered:
 * `window.egovI18n.untranslated()` lists them, and the browser test fails on any.
 */
import { translateLintMessage } from './lint-messages';
import { zhCN } from './zh-CN';

const missing = new Set<string>();

export function translate(template: string, replacements: Record<string, unknown> = {}): string {
  let text = zhCN[template] ?? translateLintMessage(template);
  // element-template labels and names in diagrams are Chinese already
  if (text === undefined && !/[A-Za-z]/.test(template)) text = template;
  if (text === undefined) {
    missing.add(template);
    text = template;
  }
  return text.replace(/{([^}]+)}/g, (_, key: string) =>
    replacements[key] !== undefined ? String(replacements[key]) : `{${key}}`,
  );
}

export const translateModule = { translate: ['value', translate] };

export function untranslated(): string[] {
  return [...missing].sort();
}

declare global {
  interface Window {
    egovI18n: { untranslated: () => string[] };
  }
}
window.egovI18n = { untranslated };
