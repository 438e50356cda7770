// bpmnlint, its rules and the camunda-compat plugin ship CommonJS without type declarations.
declare module 'bpmnlint/rules/*' {
  const factory: (config?: unknown) => unknown;
  export default factory;
}
declare module 'bpmnlint-plugin-camunda-compat/rules/*' {
  const factory: (config?: unknown) => unknown;
  export default factory;
}
declare module 'bpmnlint/config/recommended' {
  const config: { rules: Record<string, string> };
  export default config;
}
declare module 'bpmnlint-plugin-camunda-compat' {
  const plugin: { configs: Record<string, unknown>; rules: Record<string, unknown> };
  export default plugin;
}
declare module 'bpmnlint' {
  export class Linter {
    constructor(options: { config: unknown; resolver: unknown });
    lint(definitions: unknown, config?: unknown): Promise<Record<string, LintReport[]>>;
  }
  export interface LintReport {
    id?: string;
    message: string;
    category: 'error' | 'warn' | 'info' | 'rule-error';
    path?: (string | number)[];
  }
}
declare module 'bpmnlint-utils' {
  export function is(node: unknown, type: string): boolean;
  export function isAny(node: unknown, types: string[]): boolean;
}
declare module 'bpmn-moddle' {
  export default class BpmnModdle {
    constructor(packages?: Record<string, unknown>);
    fromXML(xml: string): Promise<{ rootElement: unknown; warnings: { message: string }[] }>;
  }
}
