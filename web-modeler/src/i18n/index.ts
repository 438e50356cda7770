/**
 * The modeler's one translation function (zh-CN), given to bpmn-js, dmn-js and the lint overlays
 * as their `translate` service. A string it cannot translate is shown as is and remembered:
 * `window.egovI18n.untranslated()` lists them, and the browser test fails on any.
 */
import { translateLintMessage } from './lint-messages';
import { zhCN } from './zh-CN';
import { formPatterns, zhCNForms } from './zh-CN-forms';

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

/**
 * A few upstream strings bypass the `translate` service (the properties panel's FEEL toggle title,
 * "<empty>" list labels). This translates them where they land: text nodes and title, placeholder
 * and aria-label attributes under `root` whose whole value has a translation.
 */
/** Upstream strings built with a number, which no dictionary entry can match. */
const domPatterns: [RegExp, (...m: string[]) => string | undefined][] = [
  [/^List contains (\d+) items?$/, (n) => `列表中有 ${n} 项`],
  ...formPatterns,
];

function translateText(text: string): string | undefined {
  const t = text.trim();
  const zh = zhCN[t] ?? zhCNForms[t];
  if (zh) return zh;
  for (const [re, f] of domPatterns) {
    const m = re.exec(t);
    const translated = m && f(...m.slice(1));
    if (translated) return translated;
  }
  return undefined;
}

export function translateDom(root: HTMLElement): MutationObserver {
  const fix = (node: Node) => {
    if (node.nodeType === Node.TEXT_NODE) {
      const zh = translateText(node.textContent ?? '');
      if (zh) node.textContent = zh;
      return;
    }
    if (!(node instanceof Element)) return;
    for (const el of [node, ...node.querySelectorAll('[title], [placeholder], [aria-label]')]) {
      for (const attr of ['title', 'placeholder', 'aria-label']) {
        const zh = translateText(el.getAttribute(attr) ?? '');
        if (zh) el.setAttribute(attr, zh);
      }
    }
    const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
    for (let t = walker.nextNode(); t; t = walker.nextNode()) {
      const zh = translateText(t.textContent ?? '');
      if (zh) t.textContent = zh;
    }
  };
  const observer = new MutationObserver((mutations) => {
    for (const m of mutations) {
      if (m.type === 'attributes' || m.type === 'characterData') fix(m.target);
      m.addedNodes.forEach(fix);
    }
  });
  observer.observe(root, {
    subtree: true,
    childList: true,
    characterData: true,
    attributes: true,
    attributeFilter: ['title', 'placeholder', 'aria-label'],
  });
  fix(root);
  return observer;
}
