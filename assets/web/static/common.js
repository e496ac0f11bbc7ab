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

// ---- time: always the center's zone ------------------------------------

export const ZONE = 'Asia/Ho_Chi_Minh';

/** hhmm formats a date (or RFC 3339 string) as HH:MM in the center's zone. */
export function hhmm(d) {
  return new Date(d).toLocaleTimeString('vi-VN', { timeZone: ZONE, hour: '2-digit', minute: '2-digit', hour12: false });
}

/** dateVN formats a date as dd/mm/yyyy in the center's zone. */
export function dateVN(d) {
  return new Date(d).toLocaleDateString('vi-VN', { timeZone: ZONE, day: '2-digit', month: '2-digit', year: 'numeric' });
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
