// counter.js: the officer's console (/counter). Sign in, pick a counter
// (remembered on this computer), then call, recall, start, finish, mark
// no-shows, transfer and call back by number, with a mouse or the keys
// shown on the buttons. The state lives on the server: the page fetches
// the counter again on every board message (throttled), and when the
// session ends it asks to sign in again and comes back to the same counter
// and ticket. One request at a time: a double click never calls twice.

import { api, applyI18n, connectBoard, lang, refresher, setLang, syncClock, t, ApiError } from './common.js';
import { expiredText, isAuthLost, logout, showLoginMessage, whoAmI } from './officer.js';
import { renderLogin } from './login.js';
import {
  allowed, renderActions, renderClock, renderCurrent, renderHead, renderNoShows, renderPick, renderToday, renderWaiting,
} from './counter-view.js';
import { $ } from './dom.js';


/** COUNTER_KEY is where this computer remembers its counter. */
const COUNTER_KEY = 'xephang.counter';
/** REFRESH_MS is the least time between two fetches of the counter. */
const REFRESH_MS = 500;

/** KEYS maps keyboard codes (layout-independent) to actions. */
const KEYS = {
  Space: 'next', KeyN: 'next', KeyH: 'donenext', KeyR: 'recall', KeyS: 'start', KeyD: 'done',
  KeyV: 'noshow', KeyT: 'transfer', KeyG: 'call',
};

const st = {
  user: null,
  view: 'loading',
  counterId: localStorage.getItem(COUNTER_KEY) || '',
  detail: null,
  busy: false,
  services: [],
  serviceNames: {},
};

// window.xephangConsole records each action and its answer, for tests.
window.xephangConsole = [];

// ---- views ----------------------------------------------------------------

function show(view) {
  st.view = view;
  document.body.dataset.view = view;
  for (const v of ['login', 'pick', 'console']) $(`${v}-view`).classList.toggle('hidden', v !== view);
  renderHead(st);
}

function renderAll() {
  renderHead(st);
  if (st.view !== 'console') return;
  renderCurrent(st);
  renderWaiting(st);
  renderNoShows(st, (number) => act('call', { number }));
  renderToday(st);
  renderActions(st);
  renderClock();
}

function say(text, kind = 'ok') {
  const m = $('msg');
  m.textContent = text;
  m.className = `c-msg ${kind}`;
}

// ---- data -------------------------------------------------------------------

async function loadServices() {
  try {
    st.services = await api('GET', '/api/v1/services');
    for (const s of st.services) st.serviceNames[s.id] = s.name;
  } catch (err) {
    if (isAuthLost(err)) authLost();
  }
}

async function fetchDetail() {
  if (!st.user || !st.counterId || st.view !== 'console') return;
  try {
    const d = await api('GET', `/api/v1/counters/${encodeURIComponent(st.counterId)}`);
    if (!d.may_work) {
      showPick(t(`Ông/Bà không được phân công làm việc tại ${d.name}.`, `You are not assigned to ${d.name}.`));
      return;
    }
    st.detail = d;
    renderAll();
  } catch (err) {
    if (isAuthLost(err)) authLost();
    else if (err instanceof ApiError && err.status === 404) showPick(err.message);
  }
}

const kick = refresher(fetchDetail, REFRESH_MS);

// ---- actions ---------------------------------------------------------------------

const PATHS = { next: 'next', recall: 'recall', start: 'start', done: 'done', noshow: 'noshow', transfer: 'transfer', call: 'call' };

function okText(name, tk) {
  switch (name) {
    case 'next':
    case 'call': return t(`Đã gọi số ${tk.number}.`, `Called ${tk.number}.`);
    case 'recall': return t(`Đã gọi lại số ${tk.number}.`, `Called ${tk.number} again.`);
    case 'start': return t(`Bắt đầu phục vụ số ${tk.number}.`, `Serving ${tk.number}.`);
    case 'done': return t(`Đã hoàn thành số ${tk.number}.`, `Finished ${tk.number}.`);
    case 'noshow': return t(`Số ${tk.number} vắng mặt; có thể gọi lại trong ngày.`, `${tk.number} did not come; it can be called back today.`);
    case 'transfer': return t(`Đã chuyển số ${tk.number} sang ${tk.service_name}.`, `Moved ${tk.number} to ${tk.service_name}.`);
    default: return '';
  }
}

// apply puts the answer of an action in the state at once, before the
// counter is fetched again, so the buttons follow without a gap.
function apply(name, tk) {
  const d = st.detail;
  if (!d) return;
  d.current = ['next', 'call', 'recall', 'start'].includes(name) ? tk : null;
  if (name === 'next' || name === 'call') {
    // The called ticket leaves the lists now, not at the next fetch, so
    // the console never shows it called and waiting at once.
    const waiting = d.waiting || [];
    d.waiting = waiting.filter((w) => w.number !== tk.number);
    if (d.waiting.length < waiting.length) d.waiting_count = Math.max(0, d.waiting_count - 1);
    d.no_shows = (d.no_shows || []).filter((w) => w.number !== tk.number);
  }
}

async function post(name, body) {
  const tk = await api('POST', `/api/v1/counters/${encodeURIComponent(st.detail.id)}/${PATHS[name]}`, body);
  window.xephangConsole.push({ action: name, number: tk.number, status: tk.status });
  apply(name, tk);
  return tk;
}

/**
 * act runs one action. Nothing else runs until it answered: the buttons
 * are disabled at once, so a second click of a double click finds them
 * so. Errors from a dialog are thrown back to it.
 */
async function act(name, body, fromDialog = false) {
  if (st.busy || !st.detail) return;
  if (!fromDialog && name === 'transfer') { openTransfer(); return; }
  if (!fromDialog && name === 'call' && !body) { openCall(); return; }
  st.busy = true;
  renderActions(st);
  try {
    if (name === 'donenext') {
      const done = await post('done');
      try {
        const tk = await post('next');
        say(t(`Đã hoàn thành số ${done.number}; đã gọi số ${tk.number}.`, `Finished ${done.number}; called ${tk.number}.`));
      } catch (err) {
        if (err.status !== 404) throw err;
        say(t(`Đã hoàn thành số ${done.number}. Không còn ai chờ.`, `Finished ${done.number}. Nobody is waiting.`), 'info');
      }
    } else {
      const tk = await post(name, body);
      say(okText(name, tk));
    }
  } catch (err) {
    window.xephangConsole.push({ action: name, error: err.code || 'error' });
    if (isAuthLost(err)) { authLost(); return; }
    if (fromDialog) throw err;
    if (err.status === 403) {
      showPick(err.message);
      return;
    }
    say(err.message, err.status === 404 ? 'info' : 'error');
  } finally {
    st.busy = false;
    renderAll();
    kick();
  }
}

async function toggleOpen() {
  if (st.busy || !st.detail) return;
  const open = !st.detail.open;
  st.busy = true;
  renderActions(st);
  try {
    const c = await api('POST', `/api/v1/counters/${encodeURIComponent(st.detail.id)}/${open ? 'open' : 'close'}`);
    st.detail.open = c.open;
    say(open ? t(`${c.name} đã mở.`, `${c.name} is open.`) : t(`${c.name} đã đóng.`, `${c.name} is closed.`));
  } catch (err) {
    if (isAuthLost(err)) { authLost(); return; }
    say(err.message, 'error');
  } finally {
    st.busy = false;
    renderAll();
    kick();
  }
}

// ---- dialogs -------------------------------------------------------------------

// swallow is the code of the key that opened a dialog: until it is
// released, the text it would type ("g") is kept out of the input.
let swallow = '';

function openCall() {
  const dlg = $('call-dialog');
  $('call-number').value = '';
  $('call-error').classList.add('hidden');
  dlg.showModal();
  $('call-number').focus();
}

async function submitCall(ev) {
  ev.preventDefault();
  const number = $('call-number').value.trim().toUpperCase();
  const errBox = $('call-error');
  if (!/^[A-Z]\d{1,11}$/.test(number)) {
    errBox.textContent = t('Nhập một chữ cái và các chữ số, ví dụ A005.', 'Type a letter and digits, e.g. A005.');
    errBox.classList.remove('hidden');
    return;
  }
  try {
    await act('call', { number }, true);
    $('call-dialog').close();
  } catch (err) {
    errBox.textContent = err.message;
    errBox.classList.remove('hidden');
    $('call-number').select();
  }
}

async function openTransfer() {
  const cur = st.detail && st.detail.current;
  if (!cur) return;
  await loadServices();
  if (!st.user || st.busy) return;
  const dlg = $('transfer-dialog');
  $('transfer-title').textContent = t(`Chuyển số ${cur.number} sang lĩnh vực`, `Move ${cur.number} to the service`);
  $('transfer-error').classList.add('hidden');
  const choices = st.services.filter((s) => s.id !== cur.service_id);
  $('transfer-list').replaceChildren(...choices.map((s, i) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'transfer-choice';
    b.dataset.service = s.id;
    const k = document.createElement('kbd');
    k.textContent = i < 9 ? String(i + 1) : '';
    b.append(k, document.createTextNode(s.name));
    b.addEventListener('click', () => chooseTransfer(s.id));
    return b;
  }));
  dlg.showModal();
  const first = dlg.querySelector('.transfer-choice');
  if (first) first.focus();
}

async function chooseTransfer(id) {
  try {
    await act('transfer', { service_id: id }, true);
    $('transfer-dialog').close();
  } catch (err) {
    $('transfer-error').textContent = err.message;
    $('transfer-error').classList.remove('hidden');
  }
}

// ---- keyboard ---------------------------------------------------------------------

function onKey(ev) {
  if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
  if (st.view !== 'console') return;
  const tr = $('transfer-dialog');
  if (tr.open) {
    const n = /^Digit([1-9])$/.exec(ev.code) || /^Numpad([1-9])$/.exec(ev.code);
    if (n) {
      const b = tr.querySelectorAll('.transfer-choice')[Number(n[1]) - 1];
      if (b) { ev.preventDefault(); b.click(); }
    }
    return;
  }
  if ($('call-dialog').open) return;
  const el = ev.target;
  if (el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName))) return;
  const name = KEYS[ev.code];
  if (!name) return;
  ev.preventDefault(); // Space must not scroll or press the focused button
  if (ev.repeat || st.busy) return;
  swallow = ev.code;
  const btn = document.querySelector(`#actions button[data-act="${name}"]`);
  if (!allowed(st.detail).has(name)) {
    const label = btn.querySelector('.a-label').textContent;
    say(t(`“${label}” chưa dùng được lúc này.`, `“${label}” is not available now.`), 'info');
    return;
  }
  btn.classList.add('pressed');
  setTimeout(() => btn.classList.remove('pressed'), 150);
  act(name);
}

// ---- sign-in and the counter choice ----------------------------------------------------

function authLost() {
  st.user = null;
  st.busy = false;
  for (const d of document.querySelectorAll('dialog[open]')) d.close();
  showLoginMessage(expiredText());
  show('login');
  $('login-username').focus();
}

async function showPick(message) {
  show('pick');
  const msg = $('pick-msg');
  msg.textContent = message || '';
  msg.classList.toggle('hidden', !message);
  try {
    const [counters] = await Promise.all([api('GET', '/api/v1/counters'), loadServices()]);
    renderPick(st, counters, choose);
  } catch (err) {
    if (isAuthLost(err)) authLost();
    else { msg.textContent = err.message; msg.classList.remove('hidden'); }
  }
}

async function choose(c) {
  try {
    await api('POST', `/api/v1/counters/${encodeURIComponent(c.id)}/open`);
  } catch (err) {
    if (isAuthLost(err)) { authLost(); return; }
    $('pick-msg').textContent = err.message;
    $('pick-msg').classList.remove('hidden');
    return;
  }
  st.counterId = c.id;
  localStorage.setItem(COUNTER_KEY, c.id);
  openConsole();
}

function openConsole() {
  st.detail = null;
  say('');
  show('console');
  kick();
}

let stream = null;

async function signedIn(user) {
  st.user = user;
  await loadServices();
  if (!stream) {
    stream = connectBoard((msg) => {
      if (msg.board && msg.board.now) syncClock(msg.board.now);
      kick();
    }, (up) => $('offline').classList.toggle('hidden', up));
  }
  if (st.counterId) openConsole();
  else showPick();
}

async function onLogout() {
  await logout();
  st.user = null;
  showLoginMessage(t('Đã đăng xuất.', 'Signed out.'));
  show('login');
}

function onLang() {
  setLang(lang() === 'en' ? 'vi' : 'en');
  applyI18n();
  document.title = t('Quầy giao dịch — xephang', 'Counter console — xephang');
  renderAll();
  if (st.view === 'pick') showPick();
}

async function start() {
  applyI18n();
  document.title = t('Quầy giao dịch — xephang', 'Counter console — xephang');
  renderLogin({
    title: ['Đăng nhập quầy giao dịch', 'Counter sign-in'],
    lead: ['Dành cho cán bộ tiếp nhận và trả kết quả.', 'For the officers at the counters.'],
    classes: { form: 'panel c-login', lead: 'c-lead', msg: 'alert', input: 'input', button: 'btn-main' },
  }, signedIn);
  $('lang').addEventListener('click', onLang);
  $('logout').addEventListener('click', onLogout);
  $('change').addEventListener('click', () => showPick());
  $('open-toggle').addEventListener('click', toggleOpen);
  for (const b of document.querySelectorAll('#actions button[data-act]')) {
    b.addEventListener('click', () => act(b.dataset.act));
  }
  $('call-form').addEventListener('submit', submitCall);
  $('call-cancel').addEventListener('click', () => $('call-dialog').close());
  $('transfer-cancel').addEventListener('click', () => $('transfer-dialog').close());
  document.addEventListener('keydown', onKey);
  document.addEventListener('keyup', (ev) => { if (ev.code === swallow) swallow = ''; });
  $('call-number').addEventListener('beforeinput', (ev) => { if (swallow) ev.preventDefault(); });
  setInterval(renderClock, 1000);
  setInterval(kick, 30000); // the session may end while nothing happens
  api('GET', '/api/v1/info').then((info) => {
    $('center').textContent = info.center;
    syncClock(info.now);
  }).catch(() => {});
  let user = null;
  try {
    user = await whoAmI();
  } catch (err) {
    showLoginMessage(err.message);
  }
  if (user) await signedIn(user);
  else { show('login'); $('login-username').focus(); }
  document.body.dataset.ready = '1';
}

start();
