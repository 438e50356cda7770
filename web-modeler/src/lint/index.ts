/** The lint panel under the canvas: every finding in Chinese; a click selects the element. */
import type { LintIssueView } from '../editor';
import { clear, h } from '../ui/dom';

export class LintPanel {
  issues: LintIssueView[] = [];

  constructor(
    private readonly root: HTMLElement,
    private readonly onSelect: (elementId: string) => void,
  ) {}

  get errorCount(): number {
    return this.issues.filter((i) => i.category === 'error').length;
  }

  show(issues: LintIssueView[], linted = true): void {
    this.issues = issues;
    clear(this.root);
    const errors = this.errorCount;
    const warnings = issues.length - errors;
    this.root.dataset.errors = String(errors);
    this.root.dataset.warnings = String(warnings);
    this.root.append(
      h(
        'div',
        { class: `lint-summary ${errors ? 'has-errors' : 'clean'}` },
        !linted
          ? '决策（DMN）和表单不做流程检查；部署时由流程引擎校验'
          : issues.length === 0
            ? '检查通过：没有错误或警告'
            : `检查结果：${errors} 个错误（阻止部署），${warnings} 个警告`,
      ),
    );
    const list = h('ul', { class: 'lint-list' });
    for (const issue of [...issues].sort((a, b) => a.category.localeCompare(b.category))) {
      list.append(
        h(
          'li',
          {
            class: `lint-issue lint-${issue.category}`,
            'data-element': issue.elementId,
            'data-rule': issue.rule,
            onclick: () => this.onSelect(issue.elementId),
          },
          h('span', { class: 'lint-category' }, issue.category === 'error' ? '错误' : '警告'),
          h('span', { class: 'lint-element' }, issue.elementId),
          h('span', { class: 'lint-message' }, issue.message),
        ),
      );
    }
    this.root.append(list);
  }
}
