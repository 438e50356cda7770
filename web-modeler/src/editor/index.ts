export { BpmnEditor } from './bpmn';
export { DmnEditor } from './dmn';
export { FormEditor } from './form';
export type { Editor, LintIssueView, LintView } from './types';
export { blankDiagram } from './blank';
