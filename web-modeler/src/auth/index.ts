/** Sign-in with the API's accounts (the same identity as every other /api call). */
import { api, ApiError, clearCredentials, setCredentials, type Catalogue } from '../api';
import { h } from '../ui/dom';

export function signIn(root: HTMLElement): Promise<Catalogue> {
  return new Promise((resolve) => {
    const user = h('input', { name: 'username', autocomplete: 'username', required: true });
    const pass = h('input', {
      name: 'password',
      type: 'password',
      autocomplete: 'current-password',
      required: true,
    });
    const error = h('p', { class: 'login-error', role: 'alert' });
    // every failure ends in the message under the form
    const submit = async () => {
      error.textContent = '';
      setCredentials(user.value.trim(), pass.value);
      try {
        const catalogue = await api.catalogue();
        form.remove();
        resolve(catalogue);
      } catch (err) {
        clearCredentials();
        error.textContent = err instanceof ApiError ? err.message : '无法连接服务器';
      }
    };
    const form = h(
      'form',
      {
        class: 'login',
        onsubmit: (e: Event) => {
          e.preventDefault();
          void submit();
        },
      },
      h('h1', {}, '流程建模器'),
      h(
        'p',
        { class: 'login-hint' },
        '使用政务信息化项目审批系统的账号登录。流程负责人可以保存和部署，其他角色只能查看。',
      ),
      h('label', {}, '用户名', user),
      h('label', {}, '密码', pass),
      error,
      h('button', { type: 'submit', class: 'primary' }, '登录'),
    );
    root.append(form);
    user.focus();
  });
}
