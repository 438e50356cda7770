/** The DMN editor (thresholds live in decision tables): camunda-dmn-js for Camunda 8, in Chinese. */
import { CamundaCloudModeler as DmnModeler } from 'camunda-dmn-js';
import 'camunda-dmn-js/dist/assets/camunda-cloud-modeler.css';
import { translateModule } from '../i18n';
import type { Editor, LintView } from './types';

export class DmnEditor implements Editor {
  readonly kind = 'dmn' as const;
  private readonly modeler: InstanceType<typeof DmnModeler>;

  constructor(canvas: HTMLElement, properties: HTMLElement, view: LintView) {
    this.modeler = new DmnModeler({
      container: canvas,
      common: { additionalModules: [translateModule], propertiesPanel: { tooltip: {} } },
      drd: { propertiesPanel: { parent: properties } },
      decisionTable: { propertiesPanel: { parent: properties } },
      literalExpression: { propertiesPanel: { parent: properties } },
    });
    this.modeler.on('views.changed', () => view.showIssues([]));
    this.modeler.on('elements.changed', () => view.changed());
  }

  async open(xml: string): Promise<void> {
    await this.modeler.importXML(xml);
  }

  async content(): Promise<string> {
    const { xml } = await this.modeler.saveXML({ format: true });
    return xml;
  }

  destroy(): void {
    this.modeler.destroy();
  }
}
