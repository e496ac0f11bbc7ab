// track.js: the citizen's phone, opened from the QR code on the ticket
// (/t/{token}). It shows the ticket and follows it live: every message of
// the board stream may change its place in line, so the ticket is fetched
// again (at most every few seconds, at once when a call names it). When
// the ticket is called the phone rings, vibrates and lights up.

import {
  api, applyI18n, connectBoard, dateVN, etaText, hhmm, holderStatusText, lang, refresher, setLang, t,
} from './common.js';
import { renderRating } from './track-rating.js';
import { $ } from './dom.js';

const token = decodeURIComponent(location.pathname.replace(/^\/t\//, '').replace(/\/.*$/, ''));

/** REFRESH_MS is the least time between two fetches of the ticket. */
const REFRESH_MS = 2000;

let ticket = null;
let stopStream = null;
let audio = null; // primed by a tap, so the alert may sound later

// What the page alerted, for tests (sound and vibration cannot be checked).
window.xephangAlerts = [];

// ---- rendering ---------------------------------------------------------

function render() {
  const tk = ticket;
  if (!tk) return;
  $('loading').classList.add('hidden');
  $('ticket').classList.remove('hidden');
  $('number').textContent = tk.number;
  $('service').textContent = tk.service_name;
  document.title = `${tk.number} — ${t('Theo dõi số thứ tự', 'Ticket tracking')}`;
  document.body.dataset.status = tk.status;

  const badges = $('badges');
  badges.replaceChildren();
  if (tk.session) {
    const b = document.createElement('span');
    b.className = tk.extended ? 'badge extended' : 'badge';
    b.textContent = tk.extended ? `★ ${tk.session}` : `${t('Buổi', 'Session')}: ${tk.session}`;
    badges.append(b);
  }
  if (tk.priority) {
    const b = document.createElement('span');
    b.className = 'badge priority';
    b.textContent = t('Ưu tiên', 'Priority');
    badges.append(b);
  }

  $('status').className = `status st-${tk.status}`;
  $('status-title').textContent = holderStatusText(tk.status);
  $('status-detail').textContent = detail(tk);

  const waiting = tk.status === 'waiting';
  $('f-ahead').classList.toggle('hidden', !waiting);
  $('f-eta').classList.toggle('hidden', !waiting);
  $('ahead').textContent = t(`${tk.ahead} người`, `${tk.ahead} ${tk.ahead === 1 ? 'person' : 'people'}`);
  $('eta').textContent = eta(tk);
  $('f-counter').classList.toggle('hidden', !tk.counter);
  $('counter').textContent = tk.counter ? counterText(tk) : '–';
  $('issued').textContent = tk.issued_at ? `${hhmm(tk.issued_at)}, ${dateVN(tk.issued_at)}` : '–';

  const open = ['waiting', 'called', 'serving', 'no_show'].includes(tk.status);
  $('alert-on').classList.toggle('hidden', !open || !!audio);
  $('alert-ready').classList.toggle('hidden', !open || !audio);
  renderRating(tk, token);
}

function counterText(tk) {
  const name = tk.counter_name && tk.counter_name !== `Quầy ${tk.counter}` ? ` – ${tk.counter_name}` : '';
  return `${t('Quầy', 'Counter')} ${tk.counter}${name}`;
}

function eta(tk) {
  return etaText(tk.ahead, tk.eta_minutes, tk.counters_open);
}

function detail(tk) {
  switch (tk.status) {
    case 'waiting':
      return tk.ahead === 0
        ? t('Ông/Bà là người tiếp theo. Vui lòng chú ý màn hình.', 'You are next. Please watch the screen.')
        : t(`Còn ${tk.ahead} người trước Ông/Bà.`, `${tk.ahead} ${tk.ahead === 1 ? 'person is' : 'people are'} ahead of you.`);
    case 'called':
      return t(`Mời Ông/Bà đến ${counterText(tk)}.`, `Please go to ${counterText(tk)}.`);
    case 'serving':
      return t(`Ông/Bà đang được phục vụ tại ${counterText(tk)}.`, `You are being served at ${counterText(tk)}.`);
    case 'done':
      return t('Cảm ơn Ông/Bà đã sử dụng dịch vụ của Trung tâm!', 'Thank you for using the center’s services!');
    case 'no_show':
      return t('Ông/Bà đã không có mặt khi được gọi. Vui lòng đến quầy để được gọi lại trong ngày.',
        'You were not there when called. Please go to the counter to be called again today.');
    case 'expired':
      return t('Phiếu chỉ có giá trị trong ngày. Vui lòng lấy số mới.', 'Tickets are valid for one day. Please take a new one.');
    default:
      return '';
  }
}

function setLive(up) {
  $('offline').classList.toggle('hidden', up);
  $('live').classList.toggle('down', !up);
  $('live-text').textContent = up ? t('Cập nhật trực tiếp', 'Live updates') : t('Mất kết nối', 'Disconnected');
}

// ---- the alert -----------------------------------------------------------

// prime runs from a tap: it unlocks sound (and vibration) for later.
function prime() {
  audio = new Audio('/static/sounds/chime.ogg');
  audio.volume = 0;
  audio.play().then(() => { audio.pause(); audio.currentTime = 0; audio.volume = 1; })
    .catch(() => { audio.volume = 1; });
  if (navigator.vibrate) navigator.vibrate(1);
  render();
}

function alertCalled(tk, recall) {
  const rec = { number: tk.number, counter: tk.counter, recall, at: new Date().toISOString(), sound: false, vibrate: false };
  window.xephangAlerts.push(rec);
  document.body.dataset.alerted = String(window.xephangAlerts.length);
  // Browsers allow vibration only after a touch on the page.
  const touched = !navigator.userActivation || navigator.userActivation.hasBeenActive;
  if (touched && navigator.vibrate) rec.vibrate = navigator.vibrate([400, 200, 400, 200, 400]);
  const a = audio || new Audio('/static/sounds/chime.ogg');
  a.currentTime = 0;
  a.volume = 1;
  a.play().then(() => { rec.sound = true; }).catch(() => { /* the browser wants a tap first */ });
  const s = $('status');
  s.classList.remove('ring');
  void s.offsetWidth;
  s.classList.add('ring');
}

// ---- loading -------------------------------------------------------------

/** load fetches the ticket: at once, then at most every REFRESH_MS. */
const load = refresher(async () => {
  try {
    const tk = await api('GET', `/api/v1/tickets/${encodeURIComponent(token)}`);
    const prev = ticket;
    ticket = tk;
    render();
    if (prev) {
      const calledNow = tk.status === 'called' && prev.status !== 'called';
      const recalled = tk.status === 'called' && prev.status === 'called' && tk.recalls > prev.recalls;
      if (calledNow || recalled) alertCalled(tk, recalled);
    }
    if (!stopStream) stopStream = connectBoard(onMessage, setLive);
  } catch (e) {
    if (e.status === 404 || e.status === 400) showUnknown(''); // the page says it all
    else if (!ticket) setTimeout(() => load(), 3000); // the server is away: try again
  }
}, REFRESH_MS);

function onMessage(msg) {
  if (!ticket) return;
  const mine = msg.call && msg.call.number === ticket.number && msg.call.service_id === ticket.service_id;
  load(mine); // a call of this ticket: at once
}

function showUnknown(message) {
  $('loading').classList.add('hidden');
  $('ticket').classList.add('hidden');
  $('unknown').classList.remove('hidden');
  $('unknown-text').textContent = message || '';
  document.body.dataset.status = 'unknown';
}

function main() {
  applyI18n();
  $('lang').textContent = lang() === 'en' ? 'VI' : 'EN';
  $('lang').addEventListener('click', () => {
    setLang(lang() === 'en' ? 'vi' : 'en');
    $('lang').textContent = lang() === 'en' ? 'VI' : 'EN';
    applyI18n();
    render();
    setLive(!$('live').classList.contains('down'));
  });
  $('alert-on').addEventListener('click', prime);
  api('GET', '/api/v1/info').then((info) => { $('center').textContent = info.center; }).catch(() => {});
  if (!token || !/^[A-Za-z0-9_-]{1,64}$/.test(token)) {
    showUnknown(t('Đường dẫn không đúng.', 'The link is not valid.'));
    return;
  }
  load();
}

main();
