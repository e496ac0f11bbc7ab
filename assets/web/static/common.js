// common.js: what every page of xephang shares. Plain ES module, no
// framework, no build step; the pages import only what they use.

// ---- language: Vietnamese first, English on request --------------------

const LANG_KEY = 'xephang.lang';

/** lang returns "vi" or "en", as last chosen on this device. */
export function lang() {
  return localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'vi';
}

/** setLang stores the language and marks <html lang>. */
export function setLang(l) {
  localStorage.setItem(LANG_KEY, l === 'en' ? 'en' : 'vi');
  document.documentElement.lang = lang();
}

/** t picks the text of the current language. */
export function t(vi, en) {
  return lang() === 'en' && en ? en : vi;
}

/**
 * applyI18n fills every element that has data-vi / data-en with the text of
 * the current language, so static markup carries both.
 */
export function applyI18n(root = document) {
  document.documentElement.lang = lang();
  for (const el of root.querySelectorAll('[data-vi]')) {
    el.textContent = t(el.dataset.vi, el.dataset.en);
  }
  for (const el of root.querySelectorAll('[data-vi-placeholder]')) {
    el.placeholder = t(el.dataset.viPlaceholder, el.dataset.enPlaceholder);
  }
}

// ---- the vocabulary and the zone: the server's, loaded once per page -----

/**
 * loadWords fetches GET /api/v1/words: the center's zone and the word
 * tables of the server (statuses, counter statuses, priority kinds,
 * ratings, reasons, weekdays). A page that cannot get them (the server
 * away for longer than a few tries) runs with the device's zone and shows
 * codes for words.
 */
async function loadWords() {
  for (let i = 0; i < 4; i++) {
    try {
      const res = await fetch('/api/v1/words', { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
      if (res.ok) return await res.json();
    } catch (e) { /* try again */ }
    await new Promise((r) => setTimeout(r, 300 * (i + 1)));
  }
  return {};
}

/** WORDS are the server's word tables, as GET /api/v1/words gives them. */
export const WORDS = await loadWords();
for (const k of ['priority_kinds', 'ratings', 'reasons', 'weekdays']) WORDS[k] = WORDS[k] || [];
for (const k of ['statuses', 'counter_statuses']) WORDS[k] = WORDS[k] || {};

/** ZONE is the center's time zone (--tz, or the admin's setting). */
export const ZONE = WORDS.zone || undefined;

/** statusText is a ticket status as a word ("đang chờ"). */
export function statusText(code) {
  const w = WORDS.statuses[code];
  return w ? t(w.vi, w.en) : code;
}

/** holderStatusText is a ticket status as its holder reads it ("Đã đến lượt!"). */
export function holderStatusText(code) {
  const w = WORDS.statuses[code];
  return w ? t(w.holder_vi, w.holder_en) : code;
}

/** counterStatusWords are the [vi, en] words of a counter's status on the board. */
export function counterStatusWords(code) {
  const w = WORDS.counter_statuses[code];
  return w ? [w.vi, w.en] : [code, code];
}

/** priorityText is a priority kind's words, short ones for the console. */
export function priorityText(code, short = false) {
  const w = WORDS.priority_kinds.find((x) => x.code === code);
  if (!w) return code;
  return short ? t(w.short_vi || w.vi, w.short_en || w.en) : t(w.vi, w.en);
}

/** ratingText is the word of a rating level. */
export function ratingText(rating) {
  const w = WORDS.ratings.find((x) => x.rating === rating);
  return w ? t(w.vi, w.en) : String(rating);
}

/** reasonText is the word of a reason code. */
export function reasonText(code) {
  const w = WORDS.reasons.find((x) => x.code === code);
  return w ? t(w.vi, w.en) : code;
}

/** weekdayText names an ISO weekday (1 Monday … 7 Sunday): "thứ Hai", or "T2" when short. */
export function weekdayText(day, short = false) {
  const w = WORDS.weekdays.find((x) => x.day === day);
  if (!w) return String(day);
  return short ? t(w.short_vi, w.short_en) : t(w.vi, w.en);
}

// ---- time: always the center's zone, on the server's clock -------------

/** hhmm formats a date (or RFC 3339 string, or ms) as HH:MM in the center's zone. */
export function hhmm(d) {
  return new Date(d).toLocaleTimeString('vi-VN', { timeZone: ZONE, hour: '2-digit', minute: '2-digit', hour12: false });
}

/** hhmmss formats a date as HH:MM:SS in the center's zone. */
export function hhmmss(d) {
  return new Date(d).toLocaleTimeString('vi-VN', { timeZone: ZONE, hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
}

/** dateVN formats a date as dd/mm/yyyy in the center's zone. */
export function dateVN(d) {
  return new Date(d).toLocaleDateString('vi-VN', { timeZone: ZONE, day: '2-digit', month: '2-digit', year: 'numeric' });
}

/** weekdayOf is the weekday of a date in the center's zone, in the page's language ("Thứ Hai", "Monday"). */
export function weekdayOf(d, locale = lang() === 'en' ? 'en-GB' : 'vi-VN') {
  return new Date(d).toLocaleDateString(locale, { timeZone: ZONE, weekday: 'long' });
}

/** isoDay is the day of a date in the center's zone, as YYYY-MM-DD. */
export function isoDay(d) {
  return new Date(d).toLocaleDateString('en-CA', { timeZone: ZONE });
}

let skew = 0; // server time minus this device's time, ms
let clockSynced = false;

/**
 * syncClock takes the server's time (an RFC 3339 "now" of the API or of a
 * board message). The server's time comes truncated to the second: it is
 * followed only when it moved, so seconds shown do not jitter.
 */
export function syncClock(serverTime) {
  const ms = Date.parse(serverTime);
  if (Number.isNaN(ms)) return;
  const d = ms - Date.now();
  if (!clockSynced || Math.abs(d - skew) > 1500) skew = d;
  clockSynced = true;
}

/** serverNow is the server's time now, as best known, in ms. */
export function serverNow() { return Date.now() + skew; }

/** clockKnown reports whether the server's time was learned yet. */
export function clockKnown() { return clockSynced; }

// ---- the expected wait ---------------------------------------------------

/**
 * etaText words an expected wait the same on every page: ahead is how
 * many wait before (a service's waiting count for a ticket taken now),
 * minutes the server's estimate, countersOpen 0 when no counter serving
 * it is open (undefined when not known or not relevant).
 */
export function etaText(ahead, minutes, countersOpen) {
  if (countersOpen === 0) return t('Quầy chưa mở', 'No counter open yet');
  if (!ahead) return t('Không phải chờ', 'No wait');
  const m = minutes || 0;
  if (m < 1) return t('Chờ dưới 1 phút', 'Under a minute wait');
  if (m < 60) return t(`Chờ khoảng ${m} phút`, `About ${m} min wait`);
  const hr = Math.floor(m / 60);
  const r = m % 60;
  return t(`Chờ khoảng ${hr} giờ${r ? ` ${r} phút` : ''}`, `About ${hr} h${r ? ` ${r} min` : ''} wait`);
}

// ---- refresher: ring, then fetch again -----------------------------------

/**
 * refresher returns kick(now): it runs fn at once, or minMs after its
 * last run, never twice at once; kicks while it waits or runs are folded
 * into one more run after. kick(true) skips the wait (a call that names
 * this page's ticket). It is how a page follows the board stream: each
 * message rings, the page fetches what it shows again.
 */
export function refresher(fn, minMs) {
  let running = false;
  let again = false;
  let last = 0;
  let timer = null;
  async function run() {
    timer = null;
    if (running) { again = true; return; }
    running = true;
    last = Date.now();
    try { await fn(); } catch (e) { /* fn reports its own errors */ } finally {
      running = false;
      if (again) { again = false; kick(); }
    }
  }
  function kick(now = false) {
    if (running) { again = true; return; }
    if (timer && !now) return;
    clearTimeout(timer);
    timer = setTimeout(run, now ? 0 : Math.max(0, last + minMs - Date.now()));
  }
  return kick;
}

// ---- the JSON API --------------------------------------------------------

/** ApiError carries the error code and message of the API. */
export class ApiError extends Error {
  constructor(status, code, message, field) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

let csrfToken = sessionStorage.getItem('xephang.csrf') || '';

/** setCsrf remembers the CSRF token of the session (from login or /me). */
export function setCsrf(tok) {
  csrfToken = tok || '';
  sessionStorage.setItem('xephang.csrf', csrfToken);
}

/**
 * api calls the JSON API and returns the decoded body. Errors throw an
 * ApiError; a network failure throws an ApiError with code "network".
 */
export async function api(method, path, body) {
  const headers = { 'Accept': 'application/json', 'Accept-Language': lang() };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let res;
  try {
    res = await fetch(path, {
      method, headers, credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, 'network', t('Không kết nối được máy chủ. Vui lòng thử lại hoặc báo cán bộ.',
      'Cannot reach the server. Please try again or tell the staff.'));
  }
  if (res.status === 204) return null;
  let data = null;
  try { data = await res.json(); } catch (e) { /* empty or not JSON */ }
  if (!res.ok) {
    const err = (data && data.error) || {};
    throw new ApiError(res.status, err.code || 'internal', err.message || res.statusText, err.field);
  }
  return data;
}

// ---- the board stream ----------------------------------------------------

/**
 * connectBoard keeps a websocket to /ws/board open: it reconnects by itself
 * with backoff (0.5 s doubling to 3 s, so a page is back within 5 s of the
 * server, however long it was away) and calls onMessage with each
 * decoded message (snapshot first, then changes, seq growing) and onStatus
 * with true/false as the connection comes and goes. Messages whose seq is
 * not newer than the last one seen are dropped. It returns a function that
 * closes the stream for good.
 */
export function connectBoard(onMessage, onStatus = () => {}) {
  let ws = null;
  let delay = 500;
  let lastSeq = -1;
  let closed = false;
  let timer = null;

  function open() {
    const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
    ws = new WebSocket(`${proto}//${location.host}/ws/board`);
    ws.onopen = () => { delay = 500; onStatus(true); };
    ws.onmessage = (ev) => {
      let msg;
      try { msg = JSON.parse(ev.data); } catch (e) { return; }
      // A snapshot after a reconnect may carry a lower seq if the server's
      // database was restored; take it whole.
      if (msg.type !== 'snapshot' && msg.seq <= lastSeq) return;
      lastSeq = msg.seq;
      onMessage(msg);
    };
    ws.onclose = () => {
      onStatus(false);
      if (closed) return;
      timer = setTimeout(open, delay + Math.random() * 250);
      delay = Math.min(delay * 2, 3000);
    };
    ws.onerror = () => { try { ws.close(); } catch (e) { /* closing anyway */ } };
  }
  open();
  return () => { closed = true; clearTimeout(timer); if (ws) ws.close(); };
}
