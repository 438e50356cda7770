/**
 * The web modeler: open a model from workflows/ or a saved version, edit it (BPMN, DMN, form),
 * see lint findings as you edit, save versions, compare any two, deploy, export.
 */
import './styles.css';
import { api, ApiError, signOut, type Catalogue, type ModelKind } from './api';
import { signIn } from './auth';
import { deploy } from './deploy';
import { showDiff, showTextDiff } from './diff';
import { BpmnEditor, DmnEditor, FormEditor, blankDiagram, type Editor, type LintView } from './editor';
import { translateDom } from './i18n';
import { describeProblem, formatBytes } from './i18n/problems';
import { LintPanel } from './lint';
import { confirmDialog, download, h, notify, prompt } from './ui/dom';
import { Sidebar } from './versions';

interface OpenDocument {
  kind: ModelKind;
  fileName: string;
  resourceId?: string;
  label: string;
}

class Workspace {
  private editor: Editor | undefined;
  private doc: OpenDocument | undefined;
  private lastGood: { doc: OpenDocument; content: string } | undefined;
  private dirty = false;
  private readonly canvas = h('div', { id: 'canvas', class: 'canvas' });
  private readonly properties = h('div', { id: 'properties', class: 'properties' });
  private readonly title = h('span', { id: 'document-title', class: 'document-title' }, '未打开模型');
  private readonly lint: LintPanel;
  private readonly sidebar: Sidebar;
  private readonly diffRoot = h('div', { id: 'diff-view', class: 'diff-view' });
  private readonly view: LintView;

  constructor(
    root: HTMLElement,
    private readonly catalogue: Catalogue,
  ) {
    const lintRoot = h('div', { id: 'lint-panel', class: 'lint-panel' });
    this.lint = new LintPanel(lintRoot, (id) => this.editor?.select?.(id));
    this.view = {
      showIssues: (issues, linted) => this.lint.show(issues, linted),
      changed: () => this.setDirty(true),
    };
    const sidebarRoot = h('aside', { class: 'sidebar' });
    this.sidebar = new Sidebar(sidebarRoot, {
      openWorkflowFile: (f) =>
        void this.guard(async () =>
          this.open(
            { kind: f.kind, fileName: f.fileName, resourceId: f.resourceId, label: `workflows/${f.path}` },
            await api.workflowFile(f.path),
          ),
        ),
      openVersion: (id) =>
        void this.guard(async () => {
          const v = await api.version(id);
          await this.open(
            {
              kind: v.kind,
              fileName: v.fileName,
              resourceId: v.resourceId,
              label: `${v.resourceId} 第 ${v.version} 版`,
            },
            v.content,
          );
        }),
      compareWithCurrent: (v) =>
        void this.guard(async () => {
          if (!this.editor || this.editor.kind !== v.kind) return notify('info', '请先打开同一个模型再比较');
          const [older, current] = await Promise.all([api.version(v.id), this.editor.content()]);
          this.compare(
            v.kind,
            { content: older.content, label: `第 ${v.version} 版` },
            { content: current, label: '当前编辑' },
          );
        }),
      compareVersions: (a, b) =>
        void this.guard(async () => {
          const [older, newer] = await Promise.all([api.version(a.id), api.version(b.id)]);
          this.compare(
            a.kind,
            { content: older.content, label: `第 ${a.version} 版` },
            { content: newer.content, label: `第 ${b.version} 版` },
          );
        }),
    });
    const readOnly: Record<string, string | boolean> = catalogue.canEdit
      ? {}
      : { disabled: true, title: '只有流程负责人和管理员可以保存和部署' };
    const fileInput = h('input', {
      type: 'file',
      accept: '.bpmn,.dmn,.form',
      id: 'import-file',
      hidden: true,
      onchange: (e: Event) => void this.importFile(e.target as HTMLInputElement),
    });
    root.append(
      h(
        'header',
        { class: 'topbar' },
        h('strong', {}, '流程建模器'),
        this.title,
        h('span', { class: 'muted' }, `目标引擎 Camunda ${catalogue.camundaVersion}`),
        h(
          'span',
          { class: 'user' },
          `${catalogue.user.displayName}（${catalogue.canEdit ? '可编辑' : '只读'}）`,
        ),
        h('button', { class: 'small', onclick: () => void signOut() }, '退出'),
      ),
      h('div', { id: 'banner', class: 'banner hidden', role: 'status' }),
      h(
        'main',
        { class: 'layout' },
        sidebarRoot,
        h(
          'section',
          { class: 'workspace' },
          h(
            'div',
            { class: 'toolbar' },
            h(
              'button',
              { id: 'new-process', onclick: () => void this.guard(() => this.newProcess()) },
              '新建流程',
            ),
            h('button', { id: 'import', onclick: () => fileInput.click() }, '导入文件'),
            fileInput,
            h(
              'button',
              { id: 'save-version', ...readOnly, onclick: () => void this.guard(() => this.save()) },
              '保存版本',
            ),
            h(
              'button',
              {
                id: 'deploy',
                class: 'primary',
                ...readOnly,
                onclick: () => void this.guard(() => this.deploy()),
              },
              '部署',
            ),
            h('button', { id: 'export', onclick: () => void this.guard(() => this.export()) }, '导出文件'),
          ),
          h('div', { class: 'editor-area' }, this.canvas, this.properties),
          lintRoot,
        ),
      ),
      this.diffRoot,
    );
    this.diffRoot.hidden = true;
    translateDom(this.properties);
    window.egovModeler = {
      editor: () => this.editor,
    };
    void this.guard(() => this.sidebar.refresh());
    // the browser's own warning before the page is left with unsaved changes
    window.addEventListener('beforeunload', (e) => {
      if (this.dirty) e.preventDefault();
    });
  }

  /** BPMN side by side on two canvases; DMN and forms as a line diff of the files. */
  private compare(
    kind: ModelKind,
    older: { content: string; label: string },
    newer: { content: string; label: string },
  ): void {
    if (kind === 'bpmn') {
      void this.guard(() =>
        showDiff(
          this.diffRoot,
          { xml: older.content, label: older.label },
          { xml: newer.content, label: newer.label },
        ),
      );
    } else {
      showTextDiff(
        this.diffRoot,
        { text: older.content, label: older.label },
        { text: newer.content, label: newer.label },
      );
    }
  }

  /** Runs a user action; an API problem or an unexpected failure becomes a message, never a blank page. */
  private async guard(action: () => Promise<unknown>): Promise<void> {
    try {
      await action();
    } catch (e) {
      if (e instanceof ApiError) {
        const { message, detail } = describeProblem(e.status, e.problem);
        notify('error', message, detail);
      } else if (e instanceof OpenError) {
        notify('error', e.reason);
      } else {
        notify('error', '操作失败', e instanceof Error ? e.message : String(e));
      }
    }
  }

  private setDirty(dirty: boolean): void {
    this.dirty = dirty;
    this.title.textContent = this.doc ? `${this.doc.label}${dirty ? '（未保存）' : ''}` : '未打开模型';
  }

  private editorFor(kind: ModelKind): Editor {
    if (this.editor?.kind === kind) return this.editor;
    this.editor?.destroy();
    this.canvas.replaceChildren();
    this.properties.replaceChildren();
    this.editor =
      kind === 'bpmn'
        ? new BpmnEditor(this.canvas, this.properties, this.catalogue, this.view)
        : kind === 'dmn'
          ? new DmnEditor(this.canvas, this.properties, this.view)
          : new FormEditor(this.canvas, this.properties, this.view);
    return this.editor;
  }

  /** Whether the open model's unsaved changes may be dropped: asks only when there are some. */
  private discardChanges(): Promise<boolean> {
    if (!this.dirty) return Promise.resolve(true);
    return confirmDialog(
      '放弃未保存的修改？',
      `「${this.doc?.label ?? '当前模型'}」有未保存的修改，打开其他模型后这些修改将丢失。`,
      '放弃修改并打开',
    );
  }

  /**
   * Opens content in the right editor; when it cannot be opened, the previous model comes back.
   * False when the user keeps the current model's unsaved changes instead.
   */
  async open(doc: OpenDocument, content: string): Promise<boolean> {
    if (!(await this.discardChanges())) return false;
    try {
      await this.editorFor(doc.kind).open(content);
    } catch (e) {
      if (this.lastGood) await this.editorFor(this.lastGood.doc.kind).open(this.lastGood.content);
      throw new OpenError(doc, content, e);
    }
    this.doc = doc;
    this.lastGood = { doc, content };
    this.setDirty(false);
    if (doc.resourceId) await this.sidebar.showVersions({ kind: doc.kind, resourceId: doc.resourceId });
    return true;
  }

  private async importFile(input: HTMLInputElement): Promise<void> {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    const kind = /\.(bpmn|dmn|form)$/.exec(file.name)?.[1] as ModelKind | undefined;
    if (!kind) return notify('error', '只支持 .bpmn、.dmn 和 .form 文件');
    if (file.size > this.catalogue.maxBytes) {
      return notify(
        'error',
        `文件超过 ${formatBytes(this.catalogue.maxBytes)} 的上限，未导入`,
        `「${file.name}」大小 ${formatBytes(file.size)}`,
      );
    }
    const content = await file.text();
    try {
      if (await this.open({ kind, fileName: file.name, label: `导入：${file.name}` }, content))
        notify('info', `已导入「${file.name}」，尚未保存`);
    } catch (e) {
      notify(
        'error',
        e instanceof OpenError ? e.reason : '文件无法打开',
        `「${file.name}」未导入，原模型保持不变`,
      );
    }
  }

  private async newProcess(): Promise<void> {
    const id = await prompt('新建流程', '流程标识（英文小写字母、数字和连字符）', 'annual-plan');
    if (!id) return;
    if (!/^[a-z][a-z0-9-]{1,60}$/.test(id))
      return notify('error', '流程标识只能包含英文小写字母、数字和连字符，并以字母开头');
    const opened = await this.open(
      { kind: 'bpmn', fileName: `${id}.bpmn`, label: `新流程：${id}` },
      blankDiagram(id, this.catalogue.camundaVersion),
    );
    if (opened) this.setDirty(true);
  }

  private async current(): Promise<{ fileName: string; content: string } | undefined> {
    if (!this.editor || !this.doc) {
      notify('info', '请先打开一个模型');
      return undefined;
    }
    return { fileName: this.doc.fileName, content: await this.editor.content() };
  }

  private async save(): Promise<void> {
    const doc = await this.current();
    if (!doc) return;
    if (new Blob([doc.content]).size > this.catalogue.maxBytes)
      return notify('error', `模型超过 ${formatBytes(this.catalogue.maxBytes)} 的上限，未保存`);
    const comment = await prompt('保存版本', '本次修改说明', '例如：初审期限由 5 个工作日调整为 3 个工作日');
    if (!comment) return;
    const saved = await api.saveVersion({ ...doc, comment });
    this.doc = {
      ...this.doc!,
      resourceId: saved.resourceId,
      label: `${saved.resourceId} 第 ${saved.version} 版`,
    };
    this.setDirty(false);
    notify('success', `已保存第 ${saved.version} 版`);
    await this.sidebar.refresh({ kind: saved.kind, resourceId: saved.resourceId });
  }

  private async deploy(): Promise<void> {
    const doc = await this.current();
    if (!doc) return;
    const deployed = await deploy(doc, this.editor?.kind === 'bpmn' ? this.lint.errorCount : 0);
    if (!deployed) return;
    this.doc = {
      ...this.doc!,
      resourceId: deployed.resourceId,
      label: `${deployed.resourceId} 第 ${deployed.version} 版`,
    };
    this.setDirty(false);
    await this.sidebar.refresh({ kind: deployed.kind, resourceId: deployed.resourceId });
  }

  private async export(): Promise<void> {
    const doc = await this.current();
    if (!doc) return;
    download(
      doc.fileName,
      doc.content,
      doc.fileName.endsWith('.form') ? 'application/json' : 'application/xml',
    );
    notify('info', `已导出「${doc.fileName}」：放入 workflows/ 后提交即可`);
  }
}

/** Why a file could not be opened, in Chinese: broken XML, XML of another kind, or a bad form. */
class OpenError extends Error {
  readonly reason: string;
  constructor(doc: OpenDocument, content: string, cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
    if (doc.kind === 'form') {
      this.reason = '文件不是有效的 Camunda 表单（JSON）';
      return;
    }
    const xml = new DOMParser().parseFromString(content, 'application/xml');
    const root = xml.documentElement;
    const namespace =
      doc.kind === 'bpmn' ? 'http://www.omg.org/spec/BPMN/20100524/MODEL' : /www\.omg\.org\/spec\/DMN\//;
    const isKind =
      root.localName === 'definitions' &&
      (typeof namespace === 'string'
        ? root.namespaceURI === namespace
        : namespace.test(root.namespaceURI ?? ''));
    if (xml.getElementsByTagName('parsererror').length > 0) this.reason = '文件不是格式正确的 XML，无法打开';
    else if (!isKind)
      this.reason =
        doc.kind === 'bpmn' ? '文件是 XML，但不是 BPMN 2.0 流程图' : '文件是 XML，但不是 DMN 决策模型';
    else this.reason = '文件内容有误，无法打开';
  }
}

declare global {
  interface Window {
    egovModeler: {
      editor: () => Editor | undefined;
    };
  }
}

async function start(): Promise<void> {
  const root = document.getElementById('app')!;
  const catalogue: Catalogue = await signIn(root);
  new Workspace(root, catalogue);
}

void start();
