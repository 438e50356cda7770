/**
 * Deploys the open model: lint errors stop it here; otherwise the API lints, deploys and records.
 * A refusal (the engine's words included) propagates to the workspace's error banner.
 */
import { api, type Deployment } from '../api';
import { notify } from '../ui/dom';

export async function deploy(
  doc: { fileName: string; content: string },
  lintErrors: number,
): Promise<Deployment | undefined> {
  if (lintErrors > 0) {
    notify('error', `流程图有 ${lintErrors} 个检查错误，修正后才能部署`, '错误已在下方检查结果中列出');
    return undefined;
  }
  const d = await api.deploy({ ...doc, comment: '' });
  const warnings = d.warnings.length ? `，另有 ${d.warnings.length} 个警告` : '';
  notify(
    'success',
    `已部署到流程引擎：「${d.resourceId}」版本 v${d.engineVersion}（对应第 ${d.version} 版）${warnings}`,
  );
  return d;
}
