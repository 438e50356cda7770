/** The form editor (form-js): the forms officers fill in Tasklist. */
import { FormEditor as FormJsEditor } from '@bpmn-io/form-js';
import '@bpmn-io/form-js/dist/assets/form-js.css';
import '@bpmn-io/form-js/dist/assets/form-js-editor.css';
import { translateDom } from '../i18n';
import type { Editor, LintView } from './types';

export class FormEditor implements Editor {
  readonly kind = 'form' as const;
  private readonly editor: InstanceType<typeof FormJsEditor>;
  private readonly observer: MutationObserver;

  constructor(canvas: HTMLElement, properties: HTMLElement, view: LintView) {
    this.editor = new FormJsEditor({ container: canvas, propertiesPanel: { parent: properties } });
    // form-js has no translate service: its palette and previews are translated in the DOM
    this.observer = translateDom(canvas);
    this.editor.on('changed', () => view.changed());
    view.showIssues([], false);
  }

  async open(json: string): Promise<void> {
    await this.editor.importSchema(JSON.parse(json));
  }

  async content(): Promise<string> {
    return `${JSON.stringify(this.editor.saveSchema(), null, 2)}\n`;
  }

  destroy(): void {
    this.observer.disconnect();
    this.editor.destroy();
  }
}
