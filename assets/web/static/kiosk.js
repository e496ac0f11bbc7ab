// kiosk.js: the touch screen where citizens take a numbered ticket.
//
// Screens: start (one button per service), ticket (the number, big, with
// its QR code, while the PDF prints through a hidden frame), closed
// (outside the hours). The services refresh on every board message and
// every 15 s. A tap issues at most one ticket.

import {
  api, t, lang, setLang, applyI18n, hhmm, dateVN, connectBoard, etaText, refresher, serverNow, syncClock, weekdayOf, WORDS,
} from './common.js';
import { $ } from './dom.js';


const BACK_AFTER_S = 10;      // the ticket screen goes back to the start after this
const POLL_MS = 15000;        // fallback refresh when the board stream is down
const PRIORITY_MS = 60000;    // a confirmed priority is forgotten after this
const TICKET_GUARD_MS = 1200; // taps ignored after the ticket shows (double taps)
const START_GUARD_MS = 800;   // taps ignored after coming back to the start
const ERROR_MS = 10000;       // errors hide after this

/** KINDS are the priority kinds of the server, as [vi, en] by code. */
const KINDS = Object.fromEntries(WORDS.priority_kinds.map((k) => [k.code, [k.vi, k.en]]));

const state = {
  info: null,          // GET /api/v1/info
  services: [],        // GET /api/v1/services
  online: true,
  serverPrints: false, // the server prints tickets itself (--print-cmd)
  screen: 'loading',
  busy: false,         // a ticket is being issued
  guardUntil: 0,       // taps on service buttons are ignored until then
  priority: '',        // the confirmed priority kind for the next ticket
  pendingKind: '',     // the kind waiting for confirmation
  ticket: null,        // the ticket shown
};

let priorityTimer = 0;
let backTimer = 0;
let errorTimer = 0;

// ---- screens -------------------------------------------------------------

function show(screen) {
  state.screen = screen;
  document.body.dataset.screen = screen;
  for (const id of ['loading', 'start', 'ticket', 'closed']) {
    $(id).classList.toggle('hidden', id !== screen);
  }
}

/** home shows the start screen, or the closed one outside the hours. */
function home() {
  if (!state.info) { show('loading'); return; }
  if (!state.info.issuing) {
    renderClosed();
    show('closed');
    return;
  }
  renderServices();
  if (state.screen !== 'start') {
    // The tap that closed the ticket screen must not land on a service.
    if (state.screen === 'ticket') state.guardUntil = Date.now() + START_GUARD_MS;
    show('start');
  }
}

// ---- data ----------------------------------------------------------------

let boardSeq = -1; // the seq of the last board message seen

/**
 * refresh fetches the center's state and the services; calls coalesce.
 * Once shown, body's data-seq is the board message the screen is as new
 * as (-1: none yet), so one can tell the page has caught up with its stream.
 */
const refresh = refresher(async () => {
  const seq = boardSeq;
  try {
    const [info, services] = await Promise.all([
      api('GET', '/api/v1/info'), api('GET', '/api/v1/services'),
    ]);
    state.info = info;
    state.services = services || [];
    syncClock(info.now);
    setOnline(true);
    renderHeader();
    renderClock();
    if (state.screen !== 'ticket') home();
    document.body.dataset.seq = String(seq);
  } catch (e) {
    if (e.code === 'network' || e.status >= 500) setOnline(false);
  }
}, 0);

function setOnline(ok) {
  state.online = ok;
  $('offline').classList.toggle('hidden', ok);
}

async function loadKioskConfig() {
  try {
    const cfg = await api('GET', '/api/v1/kiosk');
    state.serverPrints = !!(cfg && cfg.server_prints);
  } catch (e) { /* print from the page */ }
}

// ---- rendering -----------------------------------------------------------

function now() { return new Date(serverNow()); }

function renderHeader() {
  if (state.info) $('center').textContent = state.info.center;
  const s = state.info && state.info.session;
  const el = $('session');
  el.classList.toggle('hidden', !s);
  el.classList.toggle('extended', !!(s && s.extended));
  if (s) el.textContent = `${t('Phiên', 'Session')}: ${s.name} (${s.start}–${s.end})`;
}

function renderClock() {
  const d = now();
  $('clock').textContent = `${hhmm(d)} · ${dateVN(d)}`;
}

function minutes(n) {
  return t(`khoảng ${n} phút`, `about ${n} min`);
}

/** waitText is a service's expected wait; while it issues and no counter
 * serving it is open yet, there is no wait to promise. */
function waitText(s) {
  return etaText(s.waiting, s.eta_minutes, s.open ? s.counters_open : undefined);
}

function reasonText(s) {
  if (s.reason === 'cap_reached') return t('Đã hết số trong hôm nay', 'No more numbers today');
  if (s.reason === 'closed') return t('Ngoài giờ cấp số', 'Not issuing now');
  return t('Tạm ngừng cấp số', 'Not issuing now');
}

/** renderServices updates the buttons in place, so a tap never lands on a
 * button being replaced. */
function renderServices() {
  const box = $('services');
  const seen = new Set();
  let prev = null;
  for (const s of state.services) {
    seen.add(s.id);
    let b = box.querySelector(`button.service[data-service="${CSS.escape(s.id)}"]`);
    if (!b) {
      b = document.createElement('button');
      b.type = 'button';
      b.className = 'service';
      b.dataset.service = s.id;
      b.innerHTML = '<span class="s-prefix"></span><span class="s-name"></span>' +
        '<span class="s-meta"><span class="s-wait"></span><span class="s-eta"></span></span>' +
        '<span class="s-reason"></span>';
      b.addEventListener('click', () => take(b.dataset.service, b));
    }
    const expected = prev ? prev.nextSibling : box.firstChild;
    if (expected !== b) box.insertBefore(b, expected);
    prev = b;
    b.querySelector('.s-prefix').textContent = s.prefix;
    b.querySelector('.s-name').textContent = s.name;
    // A long name gets a smaller size; any name wraps, even inside a word,
    // and never widens its button (kiosk.css).
    b.classList.toggle('long-name', s.name.length > 48);
    b.querySelector('.s-wait').textContent = `${t('Đang chờ', 'Waiting')}: ${s.waiting}`;
    b.querySelector('.s-eta').textContent = waitText(s);
    b.querySelector('.s-reason').textContent = s.open ? '' : reasonText(s);
    b.disabled = !s.open;
    b.classList.toggle('closed', !s.open);
    b.setAttribute('aria-label', `${s.prefix} ${s.name}`);
  }
  for (const b of [...box.querySelectorAll('button.service')]) {
    if (!seen.has(b.dataset.service)) b.remove();
  }
  $('no-services').classList.toggle('hidden', state.services.length > 0);
}

function renderClosed() {
  const info = state.info;
  const next = info && info.next_opening;
  $('closed-next').textContent = next
    ? `${t('Trung tâm cấp số trở lại lúc', 'Tickets are issued again at')} ${hhmm(next)}, ${weekdayOf(next)} ${dateVN(next)}.`
    : t('Chưa có lịch làm việc tiếp theo. Vui lòng hỏi cán bộ.', 'No opening is scheduled. Please ask the staff.');
  const today = (info && info.today) || [];
  const hours = $('closed-hours');
  hours.replaceChildren();
  if (!today.length) {
    hours.textContent = t('Hôm nay Trung tâm không làm việc.', 'The center is closed today.');
    return;
  }
  hours.append(`${t('Giờ làm việc hôm nay', 'Opening hours today')}: `);
  today.forEach((s, i) => {
    if (i > 0) hours.append(' · ');
    const span = document.createElement('span');
    span.className = 'k-nowrap';
    span.textContent = `${s.name} ${s.start}–${s.end}`;
    hours.append(span);
  });
}

// ---- taking a ticket -----------------------------------------------------

function setBusy(busy) {
  state.busy = busy;
  document.body.classList.toggle('busy', busy);
  for (const b of document.querySelectorAll('button.service')) b.setAttribute('aria-busy', busy ? 'true' : 'false');
}

async function take(id, btn) {
  // One ticket per tap: the first click takes the lock synchronously, so a
  // second one (a double tap, a bounce) is ignored until the answer.
  if (state.busy || btn.disabled || Date.now() < state.guardUntil || state.screen !== 'start') return;
  setBusy(true);
  btn.classList.add('pressed');
  const body = { service_id: id, priority: !!state.priority };
  if (state.priority) body.priority_kind = state.priority;
  try {
    const tk = await api('POST', '/api/v1/tickets', body);
    clearPriority();
    showTicket(tk);
  } catch (e) {
    issueFailed(e, id);
  } finally {
    btn.classList.remove('pressed');
    setBusy(false);
  }
}

function issueFailed(e, id) {
  switch (e.code) {
    case 'network':
      setOnline(false);
      showError(t('Mất kết nối với máy chủ nên chưa lấy được số. Vui lòng chạm lại sau ít phút; nếu vẫn không được, xin báo cán bộ.',
        'Lost connection to the server: no number was taken. Please try again in a few minutes; if it still fails, tell the staff.'));
      break;
    case 'closed':
      showError(e.message);
      refresh();
      break;
    case 'cap_reached': {
      const s = state.services.find((x) => x.id === id);
      if (s) { s.open = false; s.reason = 'cap_reached'; renderServices(); }
      showError(e.message); // it says what to do
      refresh();
      break;
    }
    case 'too_many_requests':
      showError(e.message || t('Vui lòng chờ một chút rồi chạm lại.', 'Please wait a moment and try again.'));
      break;
    default:
      showError(`${e.message} ${t('Vui lòng thử lại hoặc báo cán bộ.', 'Please try again or tell the staff.')}`);
      refresh();
  }
}

function showTicket(tk) {
  state.ticket = tk;
  clearError();
  $('t-number').textContent = tk.number;
  $('t-service').textContent = tk.service_name;
  const kind = KINDS[tk.priority_kind];
  const prio = $('t-priority');
  prio.classList.toggle('hidden', !tk.priority);
  prio.textContent = `${t('Ưu tiên', 'Priority')}${kind ? `: ${t(kind[0], kind[1])}` : ''}`;
  renderTicketLines();
  $('t-qr').src = `/api/v1/tickets/${encodeURIComponent(tk.token)}/qr.png`;
  $('t-print').textContent = t('Phiếu số thứ tự đang được in — xin mời nhận phiếu.', 'Your ticket is printing — please take it.');
  $('t-print').classList.remove('failed');
  if (!state.serverPrints) printTicket(tk);
  show('ticket');
  const shownAt = Date.now();
  $('ticket').dataset.shownAt = String(shownAt);
  let left = BACK_AFTER_S;
  const tick = () => {
    $('t-back').textContent = t(`Chạm vào màn hình để quay lại (${left})`, `Touch the screen to go back (${left})`);
    if (left-- <= 0) { backToStart(); return; }
    backTimer = setTimeout(tick, 1000);
  };
  clearTimeout(backTimer);
  tick();
}

function renderTicketLines() {
  const tk = state.ticket;
  if (!tk) return;
  $('t-ahead').textContent = `${t('Số người đang chờ trước', 'People ahead of you')}: ${tk.ahead}`;
  if (tk.counters_open === 0) {
    $('t-eta').textContent = t('Quầy chưa mở, Ông/Bà vui lòng chờ', 'No counter is open yet, please wait');
    return;
  }
  $('t-eta').textContent = tk.ahead > 0
    ? `${t('Thời gian chờ dự kiến', 'Expected wait')}: ${minutes(tk.eta_minutes)}`
    : t('Sắp đến lượt Ông/Bà', 'You are next');
}

function backToStart() {
  clearTimeout(backTimer);
  state.ticket = null;
  home();
}

/** printURL is the blob URL of the ticket PDF in the print frame. */
let printURL = '';

/** printTicket fetches the ticket PDF, and only when it is one (200,
 * application/pdf, starting with %PDF-) loads it into the hidden frame and
 * prints it; with Chromium's --kiosk-printing the print goes to the default
 * printer with no dialog. Anything else (an error page, JSON) never reaches
 * the printer: the screen says the ticket did not print. */
async function printTicket(tk) {
  const frame = $('print-frame');
  frame.dataset.state = 'loading';
  let pdf;
  try {
    const res = await fetch(tk.pdf_url, { cache: 'no-store', credentials: 'same-origin' });
    const type = (res.headers.get('Content-Type') || '').split(';')[0].trim().toLowerCase();
    if (res.status !== 200 || type !== 'application/pdf') throw new Error(`${res.status} ${type}`);
    pdf = await res.blob();
    const head = new Uint8Array(await pdf.slice(0, 5).arrayBuffer());
    if (String.fromCharCode(...head) !== '%PDF-') throw new Error('not a PDF');
  } catch (e) {
    printFailed(tk);
    return;
  }
  if (state.ticket !== tk) return; // the screen has moved on
  if (printURL) URL.revokeObjectURL(printURL);
  const url = URL.createObjectURL(new Blob([pdf], { type: 'application/pdf' }));
  printURL = url;
  frame.onload = () => {
    if (frame.src !== url) return;
    frame.dataset.state = 'loaded';
    try {
      frame.contentWindow.focus();
      frame.contentWindow.print();
      frame.dataset.state = 'printed';
    } catch (e) {
      printFailed(tk);
    }
  };
  frame.src = url;
}

/** printFailed says on the ticket screen that the ticket did not print. */
function printFailed(tk) {
  $('print-frame').dataset.state = 'failed';
  if (state.ticket !== tk) return;
  $('t-print').textContent = t('Không in được phiếu. Ông/Bà vẫn giữ số trên màn hình; vui lòng ghi lại số hoặc quét mã QR, và báo cán bộ.',
    'The ticket could not print. Your number stays valid: note it or scan the QR code, and tell the staff.');
  $('t-print').classList.add('failed');
}

// ---- priority ------------------------------------------------------------

function openPriority() {
  if (state.busy) return;
  $('prio-dialog').classList.remove('hidden');
}

function chooseKind(kind) {
  state.pendingKind = kind;
  const [vi, en] = KINDS[kind];
  $('confirm-title').textContent = t(`Xác nhận Ông/Bà là: ${vi}?`, `Confirm: you are a ${en.toLowerCase()}?`);
  $('prio-dialog').classList.add('hidden');
  $('confirm-dialog').classList.remove('hidden');
}

function confirmPriority() {
  state.priority = state.pendingKind;
  state.pendingKind = '';
  $('confirm-dialog').classList.add('hidden');
  renderPriority();
  clearTimeout(priorityTimer);
  priorityTimer = setTimeout(clearPriority, PRIORITY_MS);
}

function cancelConfirm() {
  state.pendingKind = '';
  $('confirm-dialog').classList.add('hidden');
}

function clearPriority() {
  clearTimeout(priorityTimer);
  state.priority = '';
  renderPriority();
}

function renderPriority() {
  const on = !!state.priority;
  document.body.classList.toggle('priority', on);
  $('prio-banner').classList.toggle('hidden', !on);
  $('prio-open').classList.toggle('hidden', on);
  if (on) {
    const [vi, en] = KINDS[state.priority];
    $('prio-banner-text').textContent = t(`Số tiếp theo là số ưu tiên (${vi}). Mời chọn lĩnh vực.`,
      `The next number is a priority number (${en}). Choose the service.`);
  }
}

// ---- errors --------------------------------------------------------------

function showError(msg) {
  $('error-text').textContent = msg;
  $('error').classList.remove('hidden');
  clearTimeout(errorTimer);
  errorTimer = setTimeout(clearError, ERROR_MS);
}

function clearError() {
  clearTimeout(errorTimer);
  $('error').classList.add('hidden');
}

// ---- language ------------------------------------------------------------

function renderLang() {
  applyI18n();
  $('lang').textContent = lang() === 'en' ? 'Tiếng Việt' : 'English';
  renderHeader();
  renderClock();
  renderPriority();
  renderTicketLines();
  if (state.info) {
    renderServices();
    renderClosed();
  }
}

// ---- start -----------------------------------------------------------------

/** renderKinds builds the priority choices from the server's kinds. */
function renderKinds() {
  const box = document.querySelector('.k-prio-kinds');
  box.replaceChildren();
  for (const k of WORDS.priority_kinds) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'k-prio-kind';
    Object.assign(b.dataset, { kind: k.code, vi: k.vi, en: k.en });
    b.addEventListener('click', () => chooseKind(k.code));
    box.append(b);
  }
  const sub = document.querySelector('.k-prio-sub');
  sub.dataset.vi = WORDS.priority_kinds.map((k) => k.short_vi || k.vi).join(' · ');
  sub.dataset.en = WORDS.priority_kinds.map((k) => k.short_en || k.en).join(' · ');
}

function init() {
  document.addEventListener('securitypolicyviolation', (e) => {
    const n = Number(document.body.dataset.cspViolations || 0) + 1;
    document.body.dataset.cspViolations = String(n);
    console.error('CSP violation', e.violatedDirective, e.blockedURI);
  });
  $('lang').addEventListener('click', () => { setLang(lang() === 'en' ? 'vi' : 'en'); renderLang(); });
  $('ticket').addEventListener('click', () => {
    if (Date.now() - Number($('ticket').dataset.shownAt || 0) < TICKET_GUARD_MS) return;
    backToStart();
  });
  $('prio-open').addEventListener('click', openPriority);
  $('prio-close').addEventListener('click', () => $('prio-dialog').classList.add('hidden'));
  renderKinds();
  $('confirm-yes').addEventListener('click', confirmPriority);
  $('confirm-no').addEventListener('click', cancelConfirm);
  $('prio-cancel').addEventListener('click', clearPriority);
  $('error-ok').addEventListener('click', clearError);
  // No context menu, no text selection by a long press on a kiosk.
  document.addEventListener('contextmenu', (e) => e.preventDefault());

  renderLang();
  show('loading');
  loadKioskConfig();
  refresh();
  setInterval(() => refresh(), POLL_MS);
  setInterval(renderClock, 1000);
  connectBoard((msg) => { boardSeq = msg.seq; refresh(); });
}

init();
