/**
 * Visual diff of two BPMN versions: side by side, added elements green on the newer diagram,
 * removed ones red on the older, changed ones orange on both, moved ones blue; and a list.
 * DMN and form versions are compared as files, line by line.
 */
import { diff } from 'bpmn-js-differ';
import NavigatedViewer from 'camunda-bpmn-js/lib/camunda-cloud/NavigatedViewer';
import { diffLines, type DiffLine } from '../../../src/modeler/diff/lines';
import { translateModule } from '../i18n';
import { clear, h } from '../ui/dom';

interface Named {
  id: string;
  name?: string;
  $type: string;
}

interface Changes {
  _added: Record<string, Named>;
  _removed: Record<string, Named>;
  _changed: Record<string, { model: Named; attrs: Record<string, { oldValue: unknown; newValue: unknown }> }>;
  _layoutChanged: Record<string, Named>;
}

type Viewer = InstanceType<typeof NavigatedViewer>;

/** Title, colour legend and close button of a comparison. */
function header(title: string, legend: [kind: string, label: string][], onClose: () => void) {
  return h(
    'div',
    { class: 'diff-header' },
    h('h2', {}, `版本比较：${title}`),
    h(
      'span',
      { class: 'diff-legend' },
      ...legend.map(([kind, label]) => h('span', { class: `legend-${kind}` }, label)),
    ),
    h('button', { class: 'diff-close', onclick: onClose }, '关闭比较'),
  );
}

export async function showDiff(
  root: HTMLElement,
  older: { xml: string; label: string },
  newer: { xml: string; label: string },
): Promise<Changes> {
  clear(root);
  root.hidden = false;
  const oldCanvas = h('div', { class: 'diff-canvas', id: 'diff-old' });
  const newCanvas = h('div', { class: 'diff-canvas', id: 'diff-new' });
  const list = h('ul', { class: 'diff-list' });
  root.append(
    header(
      `${older.label} → ${newer.label}`,
      [
        ['added', '新增'],
        ['removed', '删除'],
        ['changed', '修改'],
        ['layout', '移动'],
      ],
      () => close(),
    ),
    h(
      'div',
      { class: 'diff-panes' },
      h('div', { class: 'diff-pane' }, h('h3', {}, older.label), oldCanvas),
      h('div', { class: 'diff-pane' }, h('h3', {}, newer.label), newCanvas),
    ),
    list,
  );
  const viewers: Viewer[] = [];
  const close = () => {
    viewers.forEach((v) => v.destroy());
    clear(root);
    root.hidden = true;
  };
  const open = async (container: HTMLElement, xml: string) => {
    const viewer = new NavigatedViewer({ container, additionalModules: [translateModule] });
    viewers.push(viewer);
    await viewer.importXML(xml);
    viewer.get<{ zoom(l: string): void }>('canvas').zoom('fit-viewport');
    return viewer;
  };
  const oldViewer = await open(oldCanvas, older.xml);
  const newViewer = await open(newCanvas, newer.xml);
  const changes = diff(oldViewer.getDefinitions(), newViewer.getDefinitions()) as Changes;

  const mark = (viewer: Viewer, ids: string[], marker: string) => {
    const canvas = viewer.get<{ addMarker(id: string, m: string): void }>('canvas');
    const registry = viewer.get<{ get(id: string): unknown }>('elementRegistry');
    for (const id of ids) if (registry.get(id)) canvas.addMarker(id, marker);
  };
  mark(newViewer, Object.keys(changes._added), 'diff-added');
  mark(oldViewer, Object.keys(changes._removed), 'diff-removed');
  mark(oldViewer, Object.keys(changes._changed), 'diff-changed');
  mark(newViewer, Object.keys(changes._changed), 'diff-changed');
  mark(newViewer, Object.keys(changes._layoutChanged), 'diff-layout-changed');

  const label = (e: Named) => `${e.name ? `「${e.name}」` : ''}（${e.id}）`;
  const item = (cls: string, text: string, id: string) => h('li', { class: cls, 'data-element': id }, text);
  for (const e of Object.values(changes._added))
    list.append(item('diff-item-added', `新增 ${label(e)}`, e.id));
  for (const e of Object.values(changes._removed))
    list.append(item('diff-item-removed', `删除 ${label(e)}`, e.id));
  for (const { model, attrs } of Object.values(changes._changed)) {
    // bpmn-js-differ 3 hands jsondiffpatch's [old, new] to changed(model, key, newValue, oldValue),
    // so its `oldValue` holds the newer value: read them the other way round
    const what = Object.entries(attrs)
      .map(
        ([k, v]) =>
          `${k === 'name' ? '名称' : `「${k}」`}：${String(v.newValue ?? '（空）')} → ${String(v.oldValue ?? '（空）')}`,
      )
      .join('；');
    list.append(item('diff-item-changed', `修改 ${label(model)}：${what}`, model.id));
  }
  for (const e of Object.values(changes._layoutChanged)) {
    if (!changes._changed[e.id]) list.append(item('diff-item-layout', `移动 ${label(e)}`, e.id));
  }
  if (!list.firstChild) list.append(h('li', {}, '两个版本没有差异'));
  return changes;
}

/** DMN and forms are compared as files: a line diff with removed lines red and added ones green. */
export function showTextDiff(
  root: HTMLElement,
  older: { text: string; label: string },
  newer: { text: string; label: string },
): DiffLine[] {
  clear(root);
  root.hidden = false;
  const lines = diffLines(older.text, newer.text);
  const changed = lines.filter((l) => l.kind !== 'same').length;
  const close = () => {
    clear(root);
    root.hidden = true;
  };
  const sign = { same: ' ', added: '+', removed: '-' };
  root.append(
    header(
      `${older.label} → ${newer.label}`,
      [
        ['added', '新增行'],
        ['removed', '删除行'],
      ],
      () => close(),
    ),
    h('p', { class: 'diff-summary' }, changed === 0 ? '两个版本没有差异' : `共 ${changed} 行不同`),
    h(
      'pre',
      { class: 'text-diff' },
      ...lines.map((l) => h('div', { class: `text-diff-${l.kind}` }, `${sign[l.kind]} ${l.text}`)),
    ),
  );
  return lines;
}
