/**
 * Sign-in through the city's unified identity authentication (the OpenID Connect provider): the
 * API runs the flow and keeps the session; this page only sends the browser there, or says why
 * a sign-in ended (no role, signed out, session ended).
 */
import { api, currentSession, type Catalogue } from '../api';
import { h } from '../ui/dom';

const LOGIN_URL = '/auth/login?returnTo=/modeler/';

const reasons: Record<string, string> = {
  'no-role': '您的账号不属于任何机构或角色，不能使用本系统。请联系系统管理员。',
  'signed-out': '您已退出登录。任务列表（Tasklist）和运维监控（Operate）将在一分钟内要求重新登录。',
  ended: '登录已失效（已在别处退出、账号被停用或会话过期），请重新登录。',
};

export async function signIn(root: HTMLElement): Promise<Catalogue> {
  if (await currentSession()) return api.catalogue();
  const reason = new URLSearchParams(location.search).get('signin');
  if (!reason) {
    // nothing to explain: straight to the identity provider
    location.assign(LOGIN_URL);
    return new Promise<never>(() => undefined);
  }
  root.append(
    h(
      'div',
      { class: 'login' },
      h('h1', {}, '流程建模器'),
      h('p', { class: 'login-error', role: 'alert' }, reasons[reason] ?? `登录未完成（${reason}），请重试。`),
      h(
        'p',
        { class: 'login-hint' },
        '使用统一身份认证的账号登录。流程负责人可以保存和部署，其他角色只能查看。',
      ),
      h('a', { class: 'button primary', href: LOGIN_URL }, '通过统一身份认证登录'),
    ),
  );
  return new Promise<never>(() => undefined);
}
