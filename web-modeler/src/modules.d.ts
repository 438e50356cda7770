// bpmn-io packages without type declarations, typed as far as the modeler uses them.
declare module 'bpmn-js-bpmnlint' {
  const module: Record<string, unknown>;
  export default module;
}
declare module 'bpmn-js-differ' {
  export function diff(a: unknown, b: unknown): unknown;
}
declare module 'camunda-dmn-js' {
  export class CamundaCloudModeler {
    constructor(options: object);
    importXML(xml: string): Promise<unknown>;
    saveXML(options?: object): Promise<{ xml: string }>;
    on(event: string, cb: () => void): void;
    destroy(): void;
  }
}
