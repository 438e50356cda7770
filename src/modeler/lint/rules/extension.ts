/** Reads Zeebe extension elements off a bpmn-moddle element (shared by the custom rules). */
export interface ModdleElement {
  $type: string;
  id?: string;
  extensionElements?: { values?: ModdleElement[] };
  [key: string]: unknown;
}

export function extension(node: ModdleElement, type: string): ModdleElement | undefined {
  return node.extensionElements?.values?.find((v) => v.$type === type);
}

export function extensions(node: ModdleElement, type: string): ModdleElement[] {
  return node.extensionElements?.values?.filter((v) => v.$type === type) ?? [];
}

/** The literal of a FEEL string constant such as `="M11.1"`, or the plain value; undefined for other expressions. */
export function literal(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^=\s*"([^"]*)"\s*$/.exec(value);
  if (m) return m[1];
  return value.startsWith('=') ? undefined : value;
}

export interface Reporter {
  report(id: string, message: string, path?: (string | number)[]): void;
}

export type RuleFactory<C> = (config: C) => { check(node: ModdleElement, reporter: Reporter): void };
