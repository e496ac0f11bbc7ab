// public.js: the public page (/), what a citizen opens from a shared link
// or the QR code of the printed notice. It shows whether the center is
// open and until when, today's hours (the extended "Giờ thứ 9" marked),
// the people waiting per service with the expected wait, the notice, how
// to file online and where the center is. The queue follows the board
// stream: each message fetches GET /api/v1/status again, at most once
// every STATUS_MS, so a busy morning costs a phone little.

import { applyI18n, connectBoard, dateVN, etaText, hhmm, lang, refresher, setLang, t, weekdayOf, weekdayText } from './common.js';
import { $, el } from './dom.js';


/** STATUS_MS is the least time between two fetches of the status. */
const STATUS_MS = 1500;
/** POLL_MS refreshes the status without messages: the hours move on. */
const POLL_MS = 30000;
/** INFO_MS refreshes the hours and texts the admin may edit. */
const INFO_MS = 10 * 60000;

let info = null;
let status = null;
let live = false;

// ---- formatting ----------------------------------------------------------

function dayName(d) { return weekdayText(d); }

/** days writes ISO weekdays as "thứ Hai – thứ Sáu" or a list. */
function days(list) {
  const ds = [...new Set(list)].sort((a, b) => a - b);
  if (ds.length >= 3 && ds[ds.length - 1] - ds[0] === ds.length - 1) {
    return `${dayName(ds[0])} – ${dayName(ds[ds.length - 1])}`;
  }
  return ds.map(dayName).join(', ');
}

/** ymd writes YYYY-MM-DD as dd/mm/yyyy. */
function ymd(s) { return s ? `${s.slice(8, 10)}/${s.slice(5, 7)}/${s.slice(0, 4)}` : ''; }

function upperFirst(s) { return s ? s[0].toUpperCase() + s.slice(1) : s; }

/** when says when a moment is, from today: "07:30 ngày mai", "07:30 thứ Hai, 09/03/2026". */
function when(iso) {
  const d = new Date(iso);
  const now = status ? new Date(status.now) : new Date();
  const tomorrow = new Date(now.getTime() + 86400000);
  if (dateVN(d) === dateVN(now)) return t(`${hhmm(d)} hôm nay`, `${hhmm(d)} today`);
  if (dateVN(d) === dateVN(tomorrow)) return t(`${hhmm(d)} ngày mai`, `${hhmm(d)} tomorrow`);
  const wd = weekdayOf(d);
  return `${hhmm(d)} ${lang() === 'en' ? wd : wd.toLowerCase()}, ${dateVN(d)}`;
}

function eta(s) {
  return etaText(s.waiting, s.eta_minutes, s.open ? s.counters_open : undefined);
}

// ---- rendering -----------------------------------------------------------

function renderNow() {
  const st = status;
  if (!st) return;
  const box = $('now');
  const ext = !!(st.session && st.session.extended);
  box.className = `card now ${st.open ? 'open' : 'closed'}${ext && st.open ? ' extended' : ''}`;
  document.body.dataset.open = String(st.open);
  $('now-title').textContent = st.open ? t('Đang mở cửa', 'Open now') : t('Đang đóng cửa', 'Closed now');
  const parts = [];
  if (st.open && !st.open_until && st.issuing) {
    parts.push(t('Máy lấy số đang cấp số thứ tự', 'The kiosk is issuing tickets'));
  } else if (st.open) {
    if (st.open_until) parts.push(t(`Làm việc đến ${hhmm(st.open_until)}`, `Open until ${hhmm(st.open_until)}`));
    if (st.issuing && st.issuing_until) parts.push(t(`cấp số đến ${hhmm(st.issuing_until)}`, `tickets until ${hhmm(st.issuing_until)}`));
    if (!st.issuing) parts.push(t('đã ngừng cấp số', 'no more tickets today'));
  } else {
    if (st.holiday) parts.push(t('Hôm nay là ngày nghỉ.', 'Today is a holiday.'));
    parts.push(st.next_opening
      ? t(`Mở cửa lại lúc ${when(st.next_opening)}.`, `Opens again at ${when(st.next_opening)}.`)
      : t('Chưa có lịch làm việc tiếp theo.', 'No opening is scheduled.'));
  }
  $('now-detail').textContent = st.open ? upperFirst(parts.join(', ')) + '.' : parts.join(' ');
  const badge = $('now-session');
  badge.classList.toggle('hidden', !st.session);
  badge.classList.toggle('extended', ext);
  if (st.session) {
    const name = ext ? `★ ${st.session.name}` : `${t('Buổi', 'Session')}: ${st.session.name}`;
    badge.textContent = `${name} · ${st.session.start} – ${st.session.end}`;
  }
}

function renderQueues() {
  const st = status;
  if (!st) return;
  $('total').textContent = String(st.waiting);
  const list = $('services');
  list.replaceChildren(...st.services.map((s) => {
    const li = el('li', st.issuing && !s.open ? 'closed' : '');
    li.dataset.service = s.id;
    li.append(el('span', 'name', s.name), el('span', s.waiting ? 'n' : 'n zero', String(s.waiting)));
    let note = eta(s);
    if (!st.issuing) note = t('Ngoài giờ cấp số', 'Not issuing tickets now');
    else if (s.reason === 'cap_reached') note = t('Đã hết số hôm nay', 'No more tickets today');
    li.append(el('span', 'eta', note));
    return li;
  }));
  setLive(live);
}

function setLive(up) {
  live = up;
  $('offline').classList.toggle('hidden', up);
  $('live').classList.toggle('down', !up);
  const at = status ? ` · ${hhmm(status.now)}` : '';
  $('live-text').textContent = (up ? t('Cập nhật trực tiếp', 'Live updates') : t('Mất kết nối', 'Disconnected')) + at;
}

function renderInfo() {
  if (!info) return;
  $('center').textContent = info.center;
  $('address').textContent = info.address;
  document.title = info.center;

  const cur = status && status.session ? status.session.name : null;
  const today = $('today');
  if (info.today.length === 0) {
    today.replaceChildren(el('li', 'empty', info.holiday
      ? t('Hôm nay nghỉ lễ.', 'Closed today: a holiday.')
      : t('Hôm nay Trung tâm không làm việc.', 'The center is closed today.')));
  } else {
    today.replaceChildren(...info.today.map((s) => {
      const li = el('li', `${s.extended ? 'extended' : ''}${s.name === cur ? ' current' : ''}`.trim());
      li.append(el('span', 's', s.extended ? `★ ${s.name}` : s.name), el('span', 'h', `${s.start} – ${s.end}`));
      return li;
    }));
  }

  const ext = info.schedule.filter((s) => s.extended);
  const camp = $('campaign');
  camp.classList.toggle('hidden', ext.length === 0);
  camp.replaceChildren(...ext.map((s) => {
    const p = el('p');
    p.append(el('strong', '', `★ ${s.name}: ${s.start} – ${s.end}`));
    let text = upperFirst(days(s.days));
    if (s.from && s.to) text += t(`, từ ${ymd(s.from)} đến ${ymd(s.to)}`, `, from ${ymd(s.from)} to ${ymd(s.to)}`);
    else if (s.from) text += t(`, từ ${ymd(s.from)}`, `, from ${ymd(s.from)}`);
    else if (s.to) text += t(`, đến ${ymd(s.to)}`, `, until ${ymd(s.to)}`);
    const today = info.now.slice(0, 10);
    if (s.to && s.to < today) text += t(' (đã kết thúc)', ' (ended)');
    else if (s.from && s.from > today) text += t(' (sắp bắt đầu)', ' (starting soon)');
    p.append(document.createTextNode(text));
    return p;
  }));

  $('week').replaceChildren(...info.schedule.filter((s) => !s.extended).map((s) => {
    const li = el('li');
    const left = el('span', '', `${s.name} `);
    left.append(el('span', 'd', upperFirst(days(s.days))));
    li.append(left, el('span', 'h', `${s.start} – ${s.end}`));
    return li;
  }));

  $('stop').textContent = info.stop_minutes
    ? t(`Máy lấy số ngừng cấp số ${info.stop_minutes} phút trước khi hết giờ. Nghỉ lễ, Tết theo quy định.`,
      `The kiosk stops issuing tickets ${info.stop_minutes} minutes before closing. Closed on public holidays.`)
    : '';

  $('notice-card').classList.toggle('hidden', !info.notice);
  $('notice').textContent = info.notice;

  $('online').classList.toggle('hidden', !info.online_guide && !info.portal_url);
  $('guide').textContent = info.online_guide;
  const portal = $('portal');
  portal.classList.toggle('hidden', !info.portal_url);
  if (info.portal_url) {
    portal.href = info.portal_url;
    portal.textContent = `${t('Mở Cổng Dịch vụ công', 'Open the public service portal')}: ${info.portal_url.replace(/^https?:\/\//, '').replace(/\/$/, '')}`;
  }

  $('where-address').textContent = info.address || info.center;
  $('phone-line').classList.toggle('hidden', !info.phone);
  $('phone').textContent = info.phone;
  $('phone').href = `tel:${info.phone.replace(/[^0-9+]/g, '')}`;
  const map = $('map');
  map.classList.toggle('hidden', !info.map_url);
  if (info.map_url) map.href = info.map_url;
}

function renderAll() {
  applyI18n();
  $('lang').textContent = lang() === 'en' ? 'VI' : 'EN';
  renderInfo();
  renderNow();
  renderQueues();
}

// ---- loading -------------------------------------------------------------

async function getJSON(path) {
  // The status may be cached for a few seconds by proxies; the page wants
  // it fresh, so it asks past the browser's cache.
  const res = await fetch(path, { cache: 'no-store', headers: { Accept: 'application/json', 'Accept-Language': lang() } });
  if (!res.ok) throw new Error(`${path}: ${res.status}`);
  return res.json();
}

async function loadInfo() {
  try {
    info = await getJSON('/api/v1/info');
    renderInfo();
  } catch (e) { /* keep what is shown; the next round tries again */ }
}

let day = '';

/** loadStatus fetches the status: at once, then at most once every STATUS_MS. */
const loadStatus = refresher(async () => {
  try {
    status = await getJSON('/api/v1/status');
    window.xephangStatusFetches = (window.xephangStatusFetches || 0) + 1;
    renderNow();
    renderQueues();
    const d = dateVN(status.now);
    if (day && d !== day) loadInfo(); // a new day: new hours
    else if (info) renderInfo(); // the running session is marked
    day = d;
  } catch (e) { /* the stream's status mark tells the user */ }
}, STATUS_MS);

function main() {
  window.xephangStatusFetches = 0;
  applyI18n();
  $('lang').textContent = lang() === 'en' ? 'VI' : 'EN';
  $('lang').addEventListener('click', () => {
    setLang(lang() === 'en' ? 'vi' : 'en');
    renderAll();
  });
  setLive(false);
  $('offline').classList.add('hidden'); // not "disconnected" before the first try
  loadInfo();
  loadStatus();
  connectBoard(() => loadStatus(), setLive);
  setInterval(() => loadStatus(), POLL_MS);
  setInterval(loadInfo, INFO_MS);
  document.addEventListener('visibilitychange', () => { if (!document.hidden) loadStatus(); });
}

main();
