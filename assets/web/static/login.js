// login.js: the sign-in form, once, for the officers' pages (/counter,
// /rate) and the admin's. It renders the form into #login-view and signs
// in; each page gives its words and the classes of its own look.

import { api, applyI18n, setCsrf } from './common.js';
import { $, h } from './dom.js';

/**
 * renderLogin builds the form #login-form (#login-username,
 * #login-password, #login-msg) inside #login-view and makes it sign in;
 * onUser gets the user once it did. opts: title and lead ([vi, en]),
 * heading (the title's tag), classes ({form, lead, msg, field, input,
 * button}),
 * onSubmit(form), called as it is sent, and onError(form, err), which
 * returns true when it showed err itself.
 */
export function renderLogin(opts, onUser) {
  const c = opts.classes || {};
  const i18n = ([vi, en]) => ({ 'data-vi': vi, 'data-en': en });
  const field = (name, label, input) => h('div', { class: `login-field ${c.field || ''}`.trim(), dataset: { field: name } },
    h('label', { for: input.id, ...i18n(label) }, label[0]), input);
  const user = h('input', {
    class: c.input, id: 'login-username', name: 'username', type: 'text', autocomplete: 'username',
    autocapitalize: 'off', spellcheck: 'false', required: true,
  });
  const pw = h('input', { class: c.input, id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const msg = h('p', { id: 'login-msg', class: `login-msg ${c.msg || ''} hidden`.replace(/ +/g, ' '), role: 'alert' });
  const btn = h('button', { type: 'submit', class: `login-submit ${c.button || ''}`.trim(), ...i18n(['Đăng nhập', 'Sign in']) }, 'Đăng nhập');
  const form = h('form', { id: 'login-form', class: `login-form ${c.form || ''}`.trim(), novalidate: true },
    h(opts.heading || 'h2', { class: 'login-title', ...i18n(opts.title) }, opts.title[0]),
    h('p', { class: `login-lead ${c.lead || ''}`.trim(), ...i18n(opts.lead) }, opts.lead[0]),
    msg,
    field('username', ['Tên đăng nhập', 'Username'], user),
    field('password', ['Mật khẩu', 'Password'], pw),
    btn);
  $('login-view').replaceChildren(form);
  applyI18n(form);

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (btn.disabled) return;
    btn.disabled = true;
    msg.classList.add('hidden');
    if (opts.onSubmit) opts.onSubmit(form);
    try {
      const res = await api('POST', '/api/v1/auth/login', { username: user.value, password: pw.value });
      setCsrf(res.csrf_token);
      pw.value = '';
      onUser(res.user);
    } catch (err) {
      if (!(opts.onError && opts.onError(form, err))) showLoginMessage(err.message);
      pw.select();
    } finally {
      btn.disabled = false;
    }
  });
  return form;
}

/** showLoginMessage shows a message above the sign-in form; '' hides it. */
export function showLoginMessage(text) {
  const msg = $('login-msg');
  msg.textContent = text || '';
  msg.classList.toggle('hidden', !text);
}
