/** API problems (problem+json with a `code`) in the words an officer reads. */
export interface Problem {
  code?: string;
  detail?: string;
  engineMessage?: string;
  maxBytes?: number;
  issues?: { elementId: string; message: string }[];
  errors?: { path: string; message: string }[];
}

const byCode: Record<string, (p: Problem) => string> = {
  'malformed-xml': () => '文件不是格式正确的 XML，无法打开',
  'not-bpmn': () => '文件是 XML，但不是 BPMN 2.0 流程图',
  'not-dmn': () => '文件不是 DMN 1.3 决策模型',
  'not-form': () => '文件不是 Camunda 表单（缺少 id 或 components）',
  'malformed-json': () => '表单文件不是有效的 JSON',
  'no-process': () => '流程图中没有可部署的流程',
  'unsupported-file': () => '只支持 .bpmn、.dmn 和 .form 文件',
  'too-large': (p) => `文件超过 ${formatBytes(p.maxBytes ?? 0)} 的上限，未保存也未部署`,
  'lint-errors': (p) => `流程图有 ${p.issues?.length ?? 0} 个检查错误，修正后才能部署`,
  'engine-rejected': () => '流程引擎拒绝了这次部署，未部署也未保存',
  'cluster-unavailable': () => '无法连接流程引擎集群，请稍后重试',
  'invalid-identity': () =>
    '模型的 id 或名称不合要求（id 最长 100 个字符，名称最长 200 个字符），未保存也未部署',
  'too-many-elements': () => '模型的元素超过上限，未检查、未保存也未部署',
  'too-complex': () => '模型过于复杂，检查超时，请拆分为较小的流程',
  busy: () => '服务器正在检查其他模型，请稍后重试',
  'unreadable-model': () => '无法读取该模型，请确认它是有效的 BPMN、DMN 或表单文件',
  'checker-unavailable': () => '模型检查服务暂不可用，请稍后重试',
};

const byStatus: Record<number, string> = {
  400: '请求内容有误',
  401: '请先登录，或用户名、密码不正确',
  403: '您的角色无权执行此操作（只有流程负责人和管理员可以保存和部署）',
  404: '没有找到该内容',
  413: '文件太大，未保存也未部署',
  503: '服务暂不可用，请稍后重试',
};

export function describeProblem(status: number, p: Problem): { message: string; detail?: string } {
  const message = (p.code && byCode[p.code]?.(p)) ?? byStatus[status] ?? `服务器错误（${status}）`;
  const detail = p.engineMessage
    ? `引擎返回：${p.engineMessage}`
    : p.code === 'lint-errors'
      ? undefined
      : p.detail;
  return { message, detail };
}

export function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(0)} MB` : `${Math.ceil(n / 1024)} KB`;
}
