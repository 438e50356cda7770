/** The sidebar: files of workflows/, saved models, and the versions of the open model. */
import {
  api,
  ApiError,
  type ModelKind,
  type ModelSummary,
  type VersionSummary,
  type WorkflowFile,
} from '../api';
import { clear, formatTime, h } from '../ui/dom';

const kindLabel: Record<ModelKind, string> = { bpmn: '流程', dmn: '决策', form: '表单' };

export interface SidebarActions {
  openWorkflowFile(file: WorkflowFile): void;
  openVersion(id: string): void;
  compareWithCurrent(version: VersionSummary): void;
  compareVersions(a: VersionSummary, b: VersionSummary): void;
}

/** Saved models are for modelers and officers (the API answers 403 to other roles): shown as a note. */
function unlessForbidden(e: unknown): undefined {
  if (e instanceof ApiError && e.status === 403) return undefined;
  throw e;
}

export class Sidebar {
  private readonly files = h('ul', { class: 'file-list', id: 'workflow-files' });
  private readonly models = h('ul', { class: 'file-list', id: 'models' });
  private readonly versions = h('ul', { class: 'version-list', id: 'versions' });
  private readonly versionsTitle = h('h3', {}, '版本');
  private selectedForCompare: VersionSummary | undefined;

  constructor(
    root: HTMLElement,
    private readonly actions: SidebarActions,
  ) {
    root.append(
      h('section', {}, h('h3', {}, '工作流文件（workflows/）'), this.files),
      h('section', {}, h('h3', {}, '已保存的模型'), this.models),
      h('section', {}, this.versionsTitle, this.versions),
    );
  }

  async refresh(current?: { kind: ModelKind; resourceId: string }): Promise<void> {
    const [files, models] = await Promise.all([api.workflowFiles(), api.models().catch(unlessForbidden)]);
    clear(this.files);
    for (const f of files) {
      this.files.append(
        h(
          'li',
          {},
          h(
            'button',
            { class: 'link', 'data-path': f.path, onclick: () => this.actions.openWorkflowFile(f) },
            `${kindLabel[f.kind]}：${f.name ?? f.resourceId}`,
          ),
          h('span', { class: 'muted' }, f.path),
        ),
      );
    }
    clear(this.models);
    if (!models) this.models.append(h('li', { class: 'muted' }, '您的角色不能查看已保存的模型'));
    else if (models.length === 0) this.models.append(h('li', { class: 'muted' }, '尚无保存的版本'));
    for (const m of models ?? []) this.models.append(this.modelItem(m));
    await this.showVersions(current);
  }

  private modelItem(m: ModelSummary) {
    return h(
      'li',
      { 'data-resource': m.resourceId },
      h(
        'button',
        { class: 'link', onclick: () => void this.showVersions(m) },
        `${kindLabel[m.kind]}：${m.name ?? m.resourceId}`,
      ),
      h(
        'span',
        { class: 'muted' },
        `最新第 ${m.latestVersion} 版${m.deployedVersion ? `，引擎中为 v${m.deployedVersion}` : '，未部署'}`,
      ),
      m.deployedVersionId
        ? h(
            'button',
            {
              class: 'small',
              'data-action': 'open-deployed',
              onclick: () => this.actions.openVersion(m.deployedVersionId!),
            },
            `打开已部署的 v${m.deployedVersion}`,
          )
        : null,
    );
  }

  async showVersions(model?: { kind: ModelKind; resourceId: string }): Promise<void> {
    clear(this.versions);
    this.selectedForCompare = undefined;
    if (!model) {
      this.versionsTitle.textContent = '版本';
      this.versions.append(h('li', { class: 'muted' }, '打开一个模型后在此查看其版本'));
      return;
    }
    this.versionsTitle.textContent = `版本：${model.resourceId}`;
    const versions = await api.versions(model.kind, model.resourceId);
    if (versions.length === 0) this.versions.append(h('li', { class: 'muted' }, '尚未保存版本'));
    for (const v of versions) {
      this.versions.append(
        h(
          'li',
          { class: 'version', 'data-version': String(v.version), 'data-version-id': v.id },
          h(
            'div',
            { class: 'version-head' },
            h('strong', {}, `第 ${v.version} 版`),
            v.deployedAs.length ? h('span', { class: 'badge' }, `已部署 v${v.deployedAs.join('、v')}`) : null,
          ),
          h('div', { class: 'muted' }, `${v.author} · ${formatTime(v.createdAt)}`),
          h('div', { class: 'version-comment' }, v.comment || '（无说明）'),
          h(
            'div',
            { class: 'version-actions' },
            h(
              'button',
              { class: 'small', 'data-action': 'open', onclick: () => this.actions.openVersion(v.id) },
              '打开',
            ),
            h(
              'button',
              {
                class: 'small',
                'data-action': 'compare-current',
                onclick: () => this.actions.compareWithCurrent(v),
              },
              '与当前比较',
            ),
            h(
              'button',
              {
                class: 'small',
                'data-action': 'compare-pick',
                onclick: (e: Event) => this.pick(v, e.currentTarget as HTMLButtonElement),
              },
              '选择比较',
            ),
          ),
        ),
      );
    }
  }

  /** Two picks compare any two versions (older on the left). */
  private pick(v: VersionSummary, button: HTMLButtonElement): void {
    if (!this.selectedForCompare) {
      this.selectedForCompare = v;
      button.textContent = '已选择';
      return;
    }
    const first = this.selectedForCompare;
    this.selectedForCompare = undefined;
    this.versions
      .querySelectorAll('[data-action="compare-pick"]')
      .forEach((b) => (b.textContent = '选择比较'));
    if (first.id === v.id) return;
    const [a, b] = first.version < v.version ? [first, v] : [v, first];
    this.actions.compareVersions(a, b);
  }
}
