/** What the app asks of each editor (BPMN, DMN, form). */
export interface LintIssueView {
  elementId: string;
  message: string;
  category: 'error' | 'warn' | 'info';
  rule: string;
}

export interface LintView {
  showIssues(issues: LintIssueView[]): void;
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
