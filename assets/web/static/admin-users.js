// admin-users.js: the "Cán bộ" section: officer and admin accounts, their
// role, the counters an officer may work, password resets and
// deactivation. A new password or a deactivation signs the user out
// everywhere at once (the API does it).

import { api, t, dateVN, ApiError } from './common.js';
import { h, field, submitting, sectionHead, confirmDanger, ask, report, toast, same, showFieldError } from './admin-ui.js';

const MIN_PASSWORD = 10;

function roleName(r) {
  return r === 'admin' ? t('Quản trị', 'Admin') : t('Cán bộ', 'Officer');
}

/** passwordInput is a password box with a show/hide switch. */
function passwordInput(id) {
  const input = h('input', { type: 'password', autocomplete: 'new-password', id });
  const toggle = h('button', { type: 'button', class: 'btn small ghost-dark', onclick: () => {
    input.type = input.type === 'password' ? 'text' : 'password';
    toggle.textContent = input.type === 'password' ? t('Hiện', 'Show') : t('Ẩn', 'Hide');
  } }, t('Hiện', 'Show'));
  return { input, el: h('div', { class: 'with-btn' }, input, toggle) };
}

/** renderUsers fills el with the accounts and their form. */
export async function renderUsers(el, ctx) {
  let [list, counters] = await Promise.all([api('GET', '/api/v1/admin/users'), api('GET', '/api/v1/admin/counters')]);
  let editing = null;
  const table = h('table', { class: 'grid', id: 'users-table' });
  const formCard = h('div', { class: 'card form-card' });
  const cname = (id) => (counters.find((c) => c.id === id) || { name: id }).name;

  function renderTable() {
    table.replaceChildren(
      h('thead', {}, h('tr', {},
        h('th', {}, t('Tên đăng nhập', 'Username')), h('th', {}, t('Họ tên', 'Name')), h('th', {}, t('Vai trò', 'Role')),
        h('th', {}, t('Quầy được làm việc', 'Counters allowed')), h('th', {}, t('Trạng thái', 'Status')), h('th', {}, ''))),
      h('tbody', {}, list.map((u) => h('tr', { dataset: { user: u.username }, class: u.active ? '' : 'inactive' },
        h('td', {}, h('strong', {}, u.username), u.id === ctx.me.id ? h('small', { class: 'muted' }, t(' (đang đăng nhập)', ' (signed in)')) : null),
        h('td', {}, u.display_name, h('br'), h('small', { class: 'muted' }, t('Tạo ngày ', 'Created ') + dateVN(u.created_at))),
        h('td', {}, h('span', { class: u.role === 'admin' ? 'pill admin' : 'pill' }, roleName(u.role))),
        h('td', {}, u.role === 'admin' || u.counters.length === 0 ? t('Tất cả', 'All') : u.counters.map(cname).join(', ')),
        h('td', {}, u.active ? h('span', { class: 'pill ok' }, t('Hoạt động', 'Active')) : h('span', { class: 'pill off' }, t('Đã khóa', 'Deactivated'))),
        h('td', { class: 'row-actions' },
          h('button', { type: 'button', class: 'btn small', onclick: () => { editing = u; renderForm(); }, dataset: { act: 'edit' } }, t('Sửa', 'Edit')),
          h('button', { type: 'button', class: 'btn small', onclick: () => resetPassword(u), dataset: { act: 'password' } }, t('Đặt lại mật khẩu', 'Reset password')),
          u.active
            ? h('button', { type: 'button', class: 'btn small danger', onclick: () => deactivate(u), dataset: { act: 'deactivate' } }, t('Khóa', 'Deactivate'))
            : h('button', { type: 'button', class: 'btn small', onclick: () => reactivate(u), dataset: { act: 'reactivate' } }, t('Mở khóa', 'Reactivate')))))));
  }

  async function reload() {
    list = await api('GET', '/api/v1/admin/users');
    renderTable();
  }

  async function deactivate(u) {
    const self = u.id === ctx.me.id;
    const ok = await confirmDanger(t('Khóa tài khoản?', 'Deactivate the account?'),
      t(`Khóa tài khoản «${u.username}» (${u.display_name})? Người này bị đăng xuất ngay trên mọi máy và không đăng nhập được nữa cho đến khi được mở khóa.${self ? ' Đây là tài khoản của chính Ông/Bà.' : ''}`,
        `Deactivate “${u.username}” (${u.display_name})? They are signed out at once everywhere and cannot sign in until reactivated.${self ? ' This is your own account.' : ''}`),
      t('Khóa tài khoản', 'Deactivate'));
    if (!ok) return;
    try {
      await api('DELETE', `/api/v1/admin/users/${encodeURIComponent(u.id)}`);
      toast(t(`Đã khóa «${u.username}»; các phiên đăng nhập đã kết thúc.`, `“${u.username}” deactivated; their sessions have ended.`));
    } catch (err) {
      report(err, ctx);
      return;
    }
    if (self) { ctx.authLost(); return; }
    await reload();
  }

  async function reactivate(u) {
    try {
      await api('PUT', `/api/v1/admin/users/${encodeURIComponent(u.id)}`, { active: true });
      toast(t(`Đã mở khóa «${u.username}».`, `“${u.username}” reactivated.`));
    } catch (err) {
      report(err, ctx);
    }
    await reload();
  }

  // resetPassword asks for a new password until the API takes it or the
  // admin cancels; a weak one is shown next to the box.
  async function resetPassword(u) {
    const self = u.id === ctx.me.id;
    const pw = passwordInput('reset-password');
    const body = h('div', { class: 'dialog-body' },
      h('div', { class: 'field', dataset: { field: 'password' } },
        h('label', { for: 'reset-password' }, t(`Mật khẩu mới (ít nhất ${MIN_PASSWORD} ký tự)`, `New password (at least ${MIN_PASSWORD} characters)`)),
        pw.el));
    let error = null;
    for (;;) {
      if (error) showFieldError(body, 'password', error);
      const ok = await ask({
        title: t(`Đặt lại mật khẩu cho «${u.username}»`, `Reset the password of “${u.username}”`),
        text: t('Người dùng sẽ bị đăng xuất trên mọi máy và phải đăng nhập bằng mật khẩu mới.',
          'The user is signed out everywhere and must sign in with the new password.'),
        body, ok: t('Đặt mật khẩu', 'Set password'),
      });
      if (!ok) return;
      for (const e of body.querySelectorAll('.err')) e.remove();
      try {
        await api('PUT', `/api/v1/admin/users/${encodeURIComponent(u.id)}`, { password: pw.input.value });
      } catch (err) {
        if (err instanceof ApiError && err.field === 'password') { error = err.message; continue; }
        report(err, ctx);
        return;
      }
      break;
    }
    if (self) {
      ctx.authLost();
      return;
    }
    toast(t(`Đã đặt mật khẩu mới cho «${u.username}»; các phiên đăng nhập cũ đã kết thúc.`,
      `New password set for “${u.username}”; their old sessions have ended.`));
    await reload();
  }

  function renderForm() {
    const u = editing || { username: '', display_name: '', role: 'officer', counters: [] };
    const username = h('input', { type: 'text', value: u.username, readOnly: !!editing, autocomplete: 'off', autocapitalize: 'off', spellcheck: 'false' });
    const display = h('input', { type: 'text', value: u.display_name, maxlength: '100' });
    const role = h('select', {},
      h('option', { value: 'officer', selected: u.role === 'officer' }, t('Cán bộ (làm việc tại quầy)', 'Officer (works a counter)')),
      h('option', { value: 'admin', selected: u.role === 'admin' }, t('Quản trị (toàn quyền)', 'Admin (everything)')));
    const pw = editing ? null : passwordInput('user-password');
    const boxes = counters.map((c) => h('label', { class: 'check' },
      h('input', { type: 'checkbox', value: c.id, checked: u.counters.includes(c.id) }), ` ${c.name}`));
    const countersField = h('fieldset', { class: 'field', dataset: { field: 'counters' } },
      h('legend', {}, t('Quầy được làm việc', 'Counters allowed')),
      h('div', { class: 'checks' }, boxes),
      h('p', { class: 'hint' }, t('Cán bộ chỉ được làm ở các quầy được chọn; không chọn quầy nào = không được làm ở quầy nào. Quản trị luôn được làm ở mọi quầy.',
        'An officer works only the counters ticked; none ticked = no counter. Admins may work any counter.')));
    const form = h('form', { novalidate: true, id: 'user-form' },
      h('h3', {}, editing ? t(`Sửa «${editing.username}»`, `Edit “${editing.username}”`) : t('Thêm cán bộ', 'Add an officer')),
      field(t('Tên đăng nhập', 'Username'), username, 'username',
        editing ? t('Tên đăng nhập không đổi được.', 'The username cannot change.') : t('2–32 ký tự: chữ thường không dấu, số, dấu chấm, gạch.', '2–32 lower-case letters, digits, dots, dashes.')),
      field(t('Họ và tên', 'Full name'), display, 'display_name'),
      field(t('Vai trò', 'Role'), role, 'role'),
      pw ? h('div', { class: 'field', dataset: { field: 'password' } },
        h('label', { for: 'user-password' }, t(`Mật khẩu (ít nhất ${MIN_PASSWORD} ký tự)`, `Password (at least ${MIN_PASSWORD} characters)`)), pw.el) : null,
      countersField,
      h('div', { class: 'actions' },
        h('button', { type: 'submit', class: 'btn primary' }, editing ? t('Lưu', 'Save') : t('Thêm cán bộ', 'Add officer')),
        editing ? h('button', { type: 'button', class: 'btn', onclick: () => { editing = null; renderForm(); } }, t('Hủy', 'Cancel')) : null));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const chosen = boxes.map((b) => b.querySelector('input')).filter((i) => i.checked).map((i) => i.value);
      let body;
      if (editing) {
        body = {};
        if (display.value !== editing.display_name) body.display_name = display.value;
        if (role.value !== editing.role) body.role = role.value;
        if (!same(chosen, editing.counters)) body.counters = chosen;
        if (Object.keys(body).length === 0) {
          toast(t('Không có gì thay đổi.', 'Nothing changed.'), 'info');
          return;
        }
      } else {
        body = { username: username.value, display_name: display.value, role: role.value, password: pw.input.value, counters: chosen };
      }
      const out = await submitting(form, ctx, () => editing
        ? api('PUT', `/api/v1/admin/users/${encodeURIComponent(editing.id)}`, body)
        : api('POST', '/api/v1/admin/users', body),
      editing ? t('Đã lưu.', 'Saved.') : t(`Đã thêm «${username.value.trim().toLowerCase()}». Hãy báo mật khẩu cho cán bộ.`,
        `“${username.value.trim().toLowerCase()}” added. Tell them their password.`));
      if (out) {
        const demotedSelf = editing && editing.id === ctx.me.id && out.role !== 'admin';
        editing = null;
        if (demotedSelf) { location.reload(); return; }
        renderForm();
        await reload();
      }
    });
    formCard.replaceChildren(form);
  }

  renderTable();
  renderForm();
  el.replaceChildren(
    sectionHead(t('Cán bộ', 'Officers'), t('Tài khoản đăng nhập của cán bộ và quản trị. Đổi mật khẩu hoặc khóa tài khoản sẽ đăng xuất người đó ngay.',
      'The sign-in accounts. A new password or a deactivation signs the person out at once.')),
    h('div', { class: 'two-col wide-left' }, h('div', { class: 'card table-card' }, table), formCard),
  );
}
