/**
 * The BPMN editor: Camunda 8's modeling distribution of bpmn-js (Zeebe properties panel, element
 * templates of our workers), in Chinese, linted on every edit with the same rules the API
 * enforces before deployment.
 */
import BpmnModeler from 'camunda-bpmn-js/lib/camunda-cloud/Modeler';
import lintModule from 'bpmn-js-bpmnlint';
import 'camunda-bpmn-js/dist/assets/camunda-cloud-modeler.css';
import 'bpmn-js-bpmnlint/dist/assets/css/bpmn-js-bpmnlint.css';
import { createLintConfig } from '../../../src/modeler/lint/config';
import { SinglePassLinter } from '../../../src/modeler/lint/single-pass';
import type { Catalogue } from '../api';
import { translate, translateModule } from '../i18n';
import type { Editor, LintView } from './types';

interface LintReport {
  id: string;
  actualElementId?: string;
  message: string;
  category: string;
  rule: string;
}

interface ChangedElement {
  businessObject?: unknown;
  di?: unknown;
  labelTarget?: ChangedElement;
}

interface EventBus {
  on(event: string | string[], cb: (e: { issues?: Record<string, LintReport[]> }) => void): void;
  on(event: string | string[], priority: number, cb: (e: { elements?: ChangedElement[] }) => void): void;
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
interface Canvas {
  viewbox(): Box & { inner: Box; outer: Box };
  viewbox(box: Box): void;
  getContainer(): HTMLElement;
}

export class BpmnEditor implements Editor {
  readonly kind = 'bpmn' as const;
  readonly modeler: InstanceType<typeof BpmnModeler>;

  constructor(canvas: HTMLElement, properties: HTMLElement, catalogue: Catalogue, view: LintView) {
    const lintConfig = createLintConfig(catalogue);
    this.modeler = new BpmnModeler({
      container: canvas,
      propertiesPanel: {
        parent: properties,
        // the stock tooltips and FEEL links are English pages on the internet
        tooltip: {},
        getFeelPopupLinks: () => [],
      },
      elementTemplates: catalogue.templates,
      linting: { bpmnlint: lintConfig, active: true },
      additionalModules: [lintModule, translateModule],
    });
    const bus = this.modeler.get<EventBus>('eventBus');
    this.lintIncrementally(lintConfig, bus);
    bus.on('linting.completed', (e) => {
      const issues = Object.values(e.issues ?? {})
        .flat()
        .map((r) => ({
          elementId: r.actualElementId ?? r.id,
          message: translate(r.message),
          category: r.category === 'warn' || r.category === 'info' ? r.category : 'error',
          rule: r.rule,
        }));
      view.showIssues(issues as Parameters<LintView['showIssues']>[0]);
    });
    bus.on('commandStack.changed', 500, () => view.changed());
  }

  /**
   * Lint on every edit, fast on large diagrams: after an import everything is linted; after an
   * edit only the changed elements (see SinglePassLinter.lintChanged), and once the user pauses, the
   * whole diagram again, so a finding that depends on a distant element is never stale for long.
   */
  private lintIncrementally(lintConfig: ReturnType<typeof createLintConfig>, bus: EventBus): void {
    const linter = new SinglePassLinter(lintConfig);
    const linting = this.modeler.get<{ lint: () => Promise<unknown>; update(): void }>('linting');
    let changes: unknown[] | 'all' = 'all';
    let idle: number | undefined;
    // (a listener that returns a value would stop the event: keep these bodies blocks)
    bus.on('import.done', 5000, () => {
      changes = 'all';
    });
    // before bpmn-js-bpmnlint's own listener (priority 500) asks for a lint
    bus.on('elements.changed', 5000, (e) => {
      if (changes === 'all') return;
      for (const element of e.elements ?? []) {
        const target = element.labelTarget ?? element;
        changes.push(target.businessObject, target.di);
      }
    });
    linting.lint = () => {
      const changed = changes;
      changes = [];
      window.clearTimeout(idle);
      if (changed === 'all') return linter.lint(this.modeler.getDefinitions());
      idle = window.setTimeout(() => {
        changes = 'all';
        linting.update();
      }, 1500);
      return linter.lintChanged(this.modeler.getDefinitions(), changed.filter(Boolean));
    };
  }

  async open(xml: string): Promise<void> {
    await this.modeler.importXML(xml);
    this.fit();
  }

  /**
   * Fits the whole diagram into the canvas between the palette (left) and the minimap toggle
   * (right), never enlarged beyond 100 %.
   */
  private fit(): void {
    const canvas = this.modeler.get<Canvas>('canvas');
    const { inner, outer } = canvas.viewbox();
    if (!inner.width || !inner.height) return;
    const container = canvas.getContainer();
    const box = container.getBoundingClientRect();
    const palette = container.querySelector('.djs-palette')?.getBoundingClientRect();
    const minimap = container.querySelector('.djs-minimap')?.getBoundingClientRect();
    const margin = 24;
    const left = (palette ? palette.right - box.left : 0) + margin;
    const right = (minimap ? box.right - minimap.left : 0) + margin;
    const scale = Math.min(
      1,
      (outer.width - left - right) / inner.width,
      (outer.height - 2 * margin) / inner.height,
    );
    canvas.viewbox({
      x: inner.x - left / scale,
      y: inner.y - margin / scale,
      width: outer.width / scale,
      height: outer.height / scale,
    });
  }

  async content(): Promise<string> {
    const { xml } = await this.modeler.saveXML({ format: true });
    return xml ?? '';
  }

  select(elementId: string): void {
    const element = this.modeler.get<{ get(id: string): unknown }>('elementRegistry').get(elementId);
    if (element) this.modeler.get<{ select(e: unknown): void }>('selection').select(element);
  }

  destroy(): void {
    this.modeler.destroy();
  }
}
