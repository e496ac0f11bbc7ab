// admin.js: the admin page. It signs the leader in, keeps the CSRF token,
// and shows one section at a time (#trung-tam, #linh-vuc, ...), each built
// by its own module from the admin API. Every change is saved at once by
// the API and takes effect on the kiosk and the board without a restart.

import { api, setCsrf, lang, setLang, t, applyI18n, ApiError } from './common.js';
import { h, toast, clearErrors, showFieldError } from './admin-ui.js';
import { renderCenter } from './admin-center.js';
import { renderServices } from './admin-services.js';
import { renderCounters } from './admin-counters.js';
import { renderUsers } from './admin-users.js';
import { renderSchedule } from './admin-schedule.js';
import { renderBackup, renderAudit } from './admin-backup.js';
import { $ } from './dom.js';
import { renderLogin } from './login.js';

// SECTIONS in menu order: the hash, the static title (both languages) and
// the function that fills the section.
const SECTIONS = [
  { id: 'trung-tam', vi: 'Trung tâm', en: 'Center', render: renderCenter },
  { id: 'linh-vuc', vi: 'Lĩnh vực', en: 'Services', render: renderServices },
  { id: 'quay', vi: 'Quầy', en: 'Counters', render: renderCounters },
  { id: 'can-bo', vi: 'Cán bộ', en: 'Officers', render: renderUsers },
  { id: 'lich', vi: 'Lịch làm việc', en: 'Schedule', render: renderSchedule },
  { id: 'bao-cao', vi: 'Báo cáo', en: 'Reports', render: renderReports },
  { id: 'sao-luu', vi: 'Sao lưu', en: 'Backup', render: renderBackup },
  { id: 'nhat-ky', vi: 'Nhật ký', en: 'Audit log', render: renderAudit },
];


// ctx is what every section gets: who is signed in, and what to do when
// the session is gone or the center's name changed.
const ctx = {
  me: null,
  authLost() {
    ctx.me = null;
    setCsrf('');
    showLogin(t('Phiên đăng nhập đã kết thúc. Vui lòng đăng nhập lại.', 'Your session has ended. Please sign in again.'));
  },
  setCenter(name) {
    $('center-name').textContent = name;
  },
};

function showOnly(id) {
  for (const v of ['login-view', 'denied-view', 'app-view']) $(v).classList.toggle('hidden', v !== id);
}

function showLogin(message) {
  showOnly('login-view');
  $('who').textContent = '';
  $('logout').classList.add('hidden');
  const msg = $('login-msg');
  msg.textContent = message || '';
  msg.classList.toggle('hidden', !message);
  $('login-username').focus();
}

function signedIn(user) {
  ctx.me = user;
  $('who').textContent = `${user.display_name} (${user.role === 'admin' ? t('Quản trị', 'Admin') : t('Cán bộ', 'Officer')})`;
  $('logout').classList.remove('hidden');
  if (user.role !== 'admin') {
    $('denied-text').textContent = t(
      `Tài khoản «${user.username}» là tài khoản cán bộ, không có quyền quản trị. Vui lòng đăng xuất và đăng nhập bằng tài khoản quản trị.`,
      `The account “${user.username}” is an officer account without admin rights. Please sign out and sign in with an admin account.`);
    showOnly('denied-view');
    return;
  }
  showOnly('app-view');
  route();
}

// ---- sections -------------------------------------------------------------------

function buildMenu() {
  const nav = $('menu');
  nav.replaceChildren(...SECTIONS.map((s) =>
    h('a', { href: `#${s.id}`, id: `nav-${s.id}`, dataset: { vi: s.vi, en: s.en } }, t(s.vi, s.en))));
}

let current = '';

/** route shows the section of the hash and fills it afresh. */
async function route() {
  if (!ctx.me || ctx.me.role !== 'admin') return;
  const id = (location.hash || '').slice(1);
  const sec = SECTIONS.find((s) => s.id === id) || SECTIONS[0];
  current = sec.id;
  for (const s of SECTIONS) {
    $(`nav-${s.id}`).classList.toggle('active', s.id === sec.id);
    $(`nav-${s.id}`).toggleAttribute('aria-current', s.id === sec.id);
  }
  const main = $('main');
  main.dataset.section = sec.id;
  delete main.dataset.ready;
  const el = h('section', { class: 'sec', id: `sec-${sec.id}` },
    h('p', { class: 'loading' }, t('Đang tải…', 'Loading…')));
  main.replaceChildren(el);
  try {
    await sec.render(el, ctx);
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) { ctx.authLost(); return; }
    if (current !== sec.id) return;
    el.replaceChildren(h('p', { class: 'notice error' }, err.message || String(err)));
  }
  main.dataset.ready = sec.id;
}

// The reports module is written separately; until it exists the section
// says so instead of failing.
let reportsModule = null;

async function renderReports(el) {
  el.replaceChildren(
    h('header', { class: 'sec-head' }, h('div', {},
      h('h2', {}, t('Báo cáo', 'Reports')),
      h('p', { class: 'lead' }, t('Kết quả thực hiện mô hình "Giải quyết thủ tục hành chính giờ thứ 9".',
        'Results of the "9th hour" model.')))),
  );
  const root = h('div', { id: 'reports-root', class: 'reports-root' });
  el.append(root);
  try {
    reportsModule = reportsModule || await import('/static/report.js');
  } catch (e) {
    root.append(h('p', { class: 'notice', id: 'reports-missing' }, t('Chưa có', 'Not available yet')));
    return;
  }
  if (typeof reportsModule.mountReports !== 'function') {
    root.append(h('p', { class: 'notice', id: 'reports-missing' }, t('Chưa có', 'Not available yet')));
    return;
  }
  await reportsModule.mountReports(root);
}

// ---- sign-in --------------------------------------------------------------------

async function onLogout() {
  try { await api('POST', '/api/v1/auth/logout'); } catch (e) { /* signed out either way */ }
  ctx.me = null;
  setCsrf('');
  showLogin(t('Đã đăng xuất.', 'Signed out.'));
}

function onLang() {
  setLang(lang() === 'en' ? 'vi' : 'en');
  applyI18n();
  $('lang').textContent = lang() === 'en' ? 'Tiếng Việt' : 'English';
  document.title = t('Quản trị — Hệ thống xếp hàng', 'Administration — queue system');
  if (ctx.me) signedIn(ctx.me);
}

async function start() {
  applyI18n();
  buildMenu();
  $('lang').textContent = lang() === 'en' ? 'Tiếng Việt' : 'English';
  document.title = t('Quản trị — Hệ thống xếp hàng', 'Administration — queue system');
  $('lang').addEventListener('click', onLang);
  $('logout').addEventListener('click', onLogout);
  $('denied-logout').addEventListener('click', onLogout);
  renderLogin({
    title: ['Đăng nhập quản trị', 'Admin sign-in'],
    lead: ['Dành cho lãnh đạo trung tâm và người quản trị hệ thống.', "For the center's leader and the system administrator."],
    classes: { form: 'card login', lead: 'lead', msg: 'notice error', field: 'field', button: 'btn primary wide' },
    onSubmit: (form) => clearErrors(form),
    onError: (form, err) => !!err.field && showFieldError(form, err.field, err.message),
  }, signedIn);
  window.addEventListener('hashchange', route);
  api('GET', '/api/v1/info').then((info) => ctx.setCenter(info.center)).catch(() => {});
  try {
    const me = await api('GET', '/api/v1/me');
    setCsrf(me.csrf_token);
    signedIn(me.user);
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) showLogin();
    else {
      showLogin();
      toast(err.message, 'error');
    }
  }
  document.body.dataset.ready = '1';
}

start();
