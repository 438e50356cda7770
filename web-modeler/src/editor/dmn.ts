/** The DMN editor (thresholds live in decision tables): camunda-dmn-js for Camunda 8, in Chinese. */
import { CamundaCloudModeler as DmnModeler } from 'camunda-dmn-js';
import 'camunda-dmn-js/dist/assets/camunda-cloud-modeler.css';
import { translateDom, translateModule } from '../i18n';
import type { Editor, LintView } from './types';

export class DmnEditor implements Editor {
  readonly kind = 'dmn' as const;
  private readonly modeler: InstanceType<typeof DmnModeler>;
  private readonly observer: MutationObserver;

  constructor(canvas: HTMLElement, properties: HTMLElement, lint: LintView) {
    const view = {
      additionalModules: [translateModule],
      propertiesPanel: { parent: properties, tooltip: {} },
    };
    this.modeler = new DmnModeler({
      container: canvas,
      common: { additionalModules: [translateModule] },
      drd: view,
      decisionTable: view,
      literalExpression: view,
      boxedExpression: view,
    });
    // the decision table is HTML; a few of its labels bypass `translate`
    this.observer = translateDom(canvas);
    this.modeler.on('views.changed', () => lint.showIssues([], false));
    this.modeler.on('elements.changed', () => lint.changed());
  }

  async open(xml: string): Promise<void> {
    await this.modeler.importXML(xml);
  }

  async content(): Promise<string> {
    const { xml } = await this.modeler.saveXML({ format: true });
    return xml;
  }

  destroy(): void {
    this.observer.disconnect();
    this.modeler.destroy();
  }
}
