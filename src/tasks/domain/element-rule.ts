/**
 * The `rule` zeebe:property of one element of a deployed BPMN (`<zeebe:property name="rule"
 * value="…"/>` in the element's extension elements), read from the XML text: the element's
 * start tag by id, then its body up to the matching end tag. Flow elements do not nest inside
 * user tasks, so the first end tag of the same name closes it.
 */
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function ruleOfElement(xml: string, elementId: string): string | null {
  const start = new RegExp(
    `<([A-Za-z_][\\w.-]*:)?(\\w+)\\s[^>]*\\bid="${escape(elementId)}"[^>]*?(/?)>`,
  ).exec(xml);
  if (!start || start[3] === '/') return null;
  const tag = `${start[1] ?? ''}${start[2]}`;
  const end = xml.indexOf(`</${tag}>`, start.index);
  const body = xml.slice(start.index + start[0].length, end < 0 ? undefined : end);
  const property = /<([\w.-]+:)?property\b[^>]*>/g;
  for (let m = property.exec(body); m; m = property.exec(body)) {
    const attrs = m[0];
    if (/\bname="rule"/.test(attrs)) return /\bvalue="([^"]*)"/.exec(attrs)?.[1] ?? null;
  }
  return null;
}
