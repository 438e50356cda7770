/**
 * Lint messages in Chinese. bpmnlint and camunda-compat build their messages from element types
 * and property names, so they are matched by pattern; identifiers keep their spelling inside 「」.
 */
const typeNames: Record<string, string> = {
  'bpmn:ServiceTask': '服务任务',
  'bpmn:UserTask': '用户任务',
  'bpmn:Task': '任务',
  'bpmn:SendTask': '发送任务',
  'bpmn:ReceiveTask': '接收任务',
  'bpmn:ScriptTask': '脚本任务',
  'bpmn:BusinessRuleTask': '业务规则任务',
  'bpmn:CallActivity': '调用活动',
  'bpmn:StartEvent': '开始事件',
  'bpmn:EndEvent': '结束事件',
  'bpmn:BoundaryEvent': '边界事件',
  'bpmn:IntermediateCatchEvent': '中间捕获事件',
  'bpmn:IntermediateThrowEvent': '中间抛出事件',
  'bpmn:ExclusiveGateway': '排他网关',
  'bpmn:ParallelGateway': '并行网关',
  'bpmn:InclusiveGateway': '包容网关',
  'bpmn:EventBasedGateway': '事件网关',
  'bpmn:SequenceFlow': '顺序流',
  'bpmn:Process': '流程',
  'bpmn:SubProcess': '子流程',
  'bpmn:MessageEventDefinition': '消息事件定义',
  'bpmn:TimerEventDefinition': '定时器定义',
  'bpmn:ErrorEventDefinition': '错误事件定义',
  'bpmn:Message': '消息',
  'bpmn:Error': '错误',
  'zeebe:TaskDefinition': '任务定义',
  'zeebe:Subscription': '消息订阅',
  'zeebe:FormDefinition': '表单定义',
  'zeebe:CalledElement': '被调用元素',
  'zeebe:CalledDecision': '被调用决策',
  'zeebe:AssignmentDefinition': '分配定义',
  'zeebe:TaskListeners': '任务监听器',
  'zeebe:Input': '输入映射',
  'zeebe:Output': '输出映射',
};

const propertyNames: Record<string, string> = {
  type: '任务类型',
  taskDefinition: '任务定义',
  correlationKey: '关联键',
  messageRef: '消息引用',
  errorRef: '错误引用',
  errorCode: '错误代码',
  name: '名称',
  processId: '被调用流程',
  decisionId: '决策',
  resultVariable: '结果变量',
  formKey: '表单',
  conditionExpression: '条件表达式',
  timeDate: '日期',
  timeDuration: '时长',
  timeCycle: '周期',
  source: '来源',
  target: '目标',
};

const t = (s: string) => typeNames[s] ?? `「${s}」`;
const p = (s: string) => propertyNames[s] ?? `「${s}」`;

const patterns: [RegExp, (...m: string[]) => string][] = [
  // our rules (src/modeler/lint/rules)
  [/^Job type <(.+)> is not implemented by any worker$/, (x) => `任务类型「${x}」没有对应的作业处理程序`],
  [
    /^Job type is an expression <(.+)>: no worker can be checked$/,
    (x) => `任务类型是表达式「${x}」，无法核对作业处理程序`,
  ],
  [/^User task has no form$/, () => '用户任务没有表单'],
  [/^User task has no candidate group$/, () => '用户任务没有候选组'],
  [
    /^Deadline timer uses a fixed date: use a computed due instant$/,
    () => '期限定时器使用了固定日期，应使用计算出的到期时刻',
  ],
  [
    /^Deadline timer counts calendar days <(.+)>: use a due instant computed in working days$/,
    (x) => `期限定时器「${x}」按自然日计算，应使用按工作日计算的到期时刻`,
  ],
  [/^Rule <(.+)> is not in the regulations$/, (x) => `条款「${x}」不在办法条款目录中`],
  // camunda-compat
  [/^Element of type <(.+?)> must have property <(.+?)>$/, (a, b) => `${t(a)}必须设置${p(b)}`],
  [/^Element of type <(.+?)> must have one property of type <(.+?)>$/, (a, b) => `${t(a)}必须有一个${t(b)}`],
  [
    /^Element of type <(.+?)> must have one extension element of type <(.+?)>$/,
    (a, b) => `${t(a)}必须有一个扩展元素${t(b)}`,
  ],
  [
    /^Element of type <(.+?)> must have property <(.+?)> if it has property <(.+?)>$/,
    (a, b, c) => `${t(a)}设置了${p(c)}时必须设置${p(b)}`,
  ],
  [/^Property <(.+?)> must have non-empty value$/, (a) => `${p(a)}不能为空`],
  [/^Property <(.+?)> must be a FEEL expression$/, (a) => `${p(a)}必须是 FEEL 表达式`],
  [/^Property <(.+?)> is not a valid FEEL expression$/, (a) => `${p(a)}不是有效的 FEEL 表达式`],
  [/^Property value of <(.+?)> (?:is )?not allowed$/, (a) => `取值「${a}」不允许`],
  [/^Expression value of <(.+?)> (?:is )?not allowed$/, (a) => `表达式取值「${a}」不允许`],
  [
    /^Element of type <(.+?)> without property <(.+?)> only allowed by Camunda (.+?) or newer$/,
    (a, b, v) => `缺少${p(b)}的${t(a)}需要 Camunda ${v} 或更高版本`,
  ],
  [
    /^Extension element of type <(.+?)> only allowed by Camunda (.+?)$/,
    (a, v) => `扩展元素${t(a)}需要 Camunda ${v}`,
  ],
  [/^Element type <(.+?)> is discouraged$/, (a) => `不建议使用${t(a)}`],
  [
    /^An <Event-based Gateway> must have at least 2 outgoing <Sequence Flows>$/,
    () => '事件网关至少需要 2 条出线',
  ],
  [/^Element is unused$/, () => '元素未被使用'],
  [/^Element of type <(.+?)> not supported by (.+)$/, (a, b) => `${b}不支持${t(a)}`],
  [/^Element of type <(.+?)> is not supported by (.+)$/, (a, b) => `${b}不支持${t(a)}`],
  [
    /^Element of type <(.+?)> \(<(.+?)>\) not supported by (.+)$/,
    (a, b, c) => `${c}不支持${t(a)}（${t(b)}）`,
  ],
  [/^Process must be executable$/, () => '流程必须设为可执行'],
  [/^A <(.+?)> with <(.+?)> must have a defined <(.+?)>$/, (a, b, c) => `带${t(b)}的${t(a)}必须定义${p(c)}`],
  // bpmnlint recommended
  [/^Element is missing label\/name$/, () => '元素缺少名称'],
  [/^Element is not connected$/, () => '元素没有连接'],
  [/^Element is missing bpmndi$/, () => '元素缺少图形信息'],
  [/^Element has outgoing flow but no incoming flow$/, () => '元素有出线但没有入线'],
  [/^Element is an implicit end$/, () => '元素是隐式结束（缺少结束事件）'],
  [/^Element is an implicit start$/, () => '元素是隐式开始（缺少开始事件）'],
  [/^Flow splits implicitly$/, () => '流程隐式分叉，请使用网关'],
  [/^Process is missing start event$/, () => '流程缺少开始事件'],
  [/^Process is missing end event$/, () => '流程缺少结束事件'],
  [/^Sub process is missing end event$/, () => '子流程缺少结束事件'],
  [/^Sub process is missing start event$/, () => '子流程缺少开始事件'],
  [/^Sequence flow is missing condition$/, () => '顺序流缺少条件'],
  [
    /^Gateway is superfluous\. It only has one source and target\.$/,
    () => '网关多余：只有一个来源和一个去向',
  ],
  [/^Element overlaps with other element$/, () => '元素与其他元素重叠'],
  [/^Element is an inclusive gateway$/, () => '使用了包容网关'],
  [/^Gateway forks and joins$/, () => '网关同时分叉和合并'],
  [/^Incoming flows do not join$/, () => '多条入线没有汇合'],
  [/^Element has non-standard size$/, () => '元素尺寸不标准'],
  [/^Duplicate sequence flow$/, () => '重复的顺序流'],
  [/^Element is a complex gateway$/, () => '使用了复杂网关'],
  [/^(.+) is not a valid ID$/, (a) => `「${a}」不是有效的标识`],
];

export function translateLintMessage(message: string): string | undefined {
  for (const [re, f] of patterns) {
    const m = re.exec(message);
    if (m) return f(...m.slice(1));
  }
  return undefined;
}
