/** What the app asks of each editor (BPMN, DMN, form). */
export interface LintIssueView {
  elementId: string;
  message: string;
  category: 'error' | 'warn' | 'info';
  rule: string;
}

export interface LintView {
  /** `linted` is false for models the BPMN rules do not apply to (DMN, forms) */
  showIssues(issues: LintIssueView[], linted?: boolean): void;
  /** the document was edited */
  changed(): void;
}

export interface Editor {
  readonly kind: 'bpmn' | 'dmn' | 'form';
  open(content: string): Promise<void>;
  content(): Promise<string>;
  select?(elementId: string): void;
  destroy(): void;
}
