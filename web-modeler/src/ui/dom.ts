/** Tiny DOM helpers: the app is a handful of panels, no framework needed. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | boolean | ((e: Event) => void)> = {},
  ...children: (Node | string | null | undefined)[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (typeof v === 'function') el.addEventListener(k.replace(/^on/, ''), v);
    else if (v === true) el.setAttribute(k, '');
    else if (v !== false) el.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined) el.append(c);
  return el;
}

export function clear(el: Element): void {
  while (el.firstChild) el.firstChild.remove();
}

let bannerTimer: number | undefined;

/** Shows a message bar; errors stay until dismissed, success fades after a while. */
export function notify(kind: 'success' | 'error' | 'info', message: string, detail?: string): void {
  const bar = document.getElementById('banner')!;
  clear(bar);
  bar.className = `banner banner-${kind}`;
  bar.dataset.kind = kind;
  bar.append(
    h('span', { class: 'banner-message' }, message),
    ...(detail ? [h('span', { class: 'banner-detail' }, detail)] : []),
    h(
      'button',
      { class: 'banner-close', title: '关闭', onclick: () => (bar.className = 'banner hidden') },
      '×',
    ),
  );
  window.clearTimeout(bannerTimer);
  if (kind !== 'error') bannerTimer = window.setTimeout(() => (bar.className = 'banner hidden'), 8000);
}

/** A modal asking for one line of text; resolves undefined when cancelled. */
export function prompt(title: string, label: string, placeholder = ''): Promise<string | undefined> {
  return new Promise((resolve) => {
    const input = h('input', { type: 'text', class: 'dialog-input', placeholder, 'aria-label': label });
    const close = (value?: string) => {
      overlay.remove();
      resolve(value);
    };
    const overlay = h(
      'div',
      { class: 'dialog-overlay' },
      h(
        'form',
        {
          class: 'dialog',
          onsubmit: (e: Event) => {
            e.preventDefault();
            if (input.value.trim()) close(input.value.trim());
          },
        },
        h('h2', {}, title),
        h('label', {}, label, input),
        h(
          'div',
          { class: 'dialog-actions' },
          h('button', { type: 'button', onclick: () => close() }, '取消'),
          h('button', { type: 'submit', class: 'primary' }, '确定'),
        ),
      ),
    );
    document.body.append(overlay);
    input.focus();
  });
}

/** A modal asking to confirm an action; resolves true only when confirmed. */
export function confirmDialog(title: string, message: string, confirmLabel: string): Promise<boolean> {
  return new Promise((resolve) => {
    const close = (value: boolean) => {
      overlay.remove();
      resolve(value);
    };
    const confirmButton = h('button', { type: 'submit', class: 'primary' }, confirmLabel);
    const overlay = h(
      'div',
      { class: 'dialog-overlay' },
      h(
        'form',
        {
          class: 'dialog',
          role: 'alertdialog',
          onsubmit: (e: Event) => {
            e.preventDefault();
            close(true);
          },
        },
        h('h2', {}, title),
        h('p', {}, message),
        h(
          'div',
          { class: 'dialog-actions' },
          h('button', { type: 'button', onclick: () => close(false) }, '取消'),
          confirmButton,
        ),
      ),
    );
    document.body.append(overlay);
    confirmButton.focus();
  });
}

export function formatTime(iso: string | Date): string {
  return new Date(iso).toLocaleString('zh-CN', { hour12: false, timeZone: 'Asia/Shanghai' });
}

/** Offers text as a file download (export to commit under workflows/). */
export function download(fileName: string, content: string, type: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = h('a', { href: url, download: fileName });
  document.body.append(a);
  a.click();
  a.remove();
  URL.revokeObjectURL(url);
}
