// officer.js: what the officers' pages (/counter, /rate) share: the
// sign-in form, who is signed in, the server's clock, and a refresher that
// fetches at most so often and never twice at once.

import { api, setCsrf, ApiError, t } from './common.js';

/**
 * whoAmI returns the signed-in user (and sets the CSRF token), or null when
 * nobody is signed in. Other failures throw.
 */
export async function whoAmI() {
  try {
    const me = await api('GET', '/api/v1/me');
    setCsrf(me.csrf_token);
    return me.user;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }
}

/** isAuthLost reports whether err means the session is gone. */
export function isAuthLost(err) {
  return err instanceof ApiError && err.status === 401;
}

/**
 * wireLogin makes the form #login-form (#login-username, #login-password,
 * #login-msg) sign in; onUser gets the user once it did.
 */
export function wireLogin(onUser) {
  const form = document.getElementById('login-form');
  const msg = document.getElementById('login-msg');
  const pw = document.getElementById('login-password');
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const btn = form.querySelector('button[type=submit]');
    if (btn.disabled) return;
    btn.disabled = true;
    msg.classList.add('hidden');
    try {
      const res = await api('POST', '/api/v1/auth/login', {
        username: document.getElementById('login-username').value,
        password: pw.value,
      });
      setCsrf(res.csrf_token);
      pw.value = '';
      onUser(res.user);
    } catch (err) {
      showLoginMessage(err.message);
      pw.select();
    } finally {
      btn.disabled = false;
    }
  });
}

/** showLoginMessage shows a message above the sign-in form; '' hides it. */
export function showLoginMessage(text) {
  const msg = document.getElementById('login-msg');
  msg.textContent = text || '';
  msg.classList.toggle('hidden', !text);
}

/** expiredText is what the sign-in form says when the session ended. */
export function expiredText() {
  return t('Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại; quầy vẫn giữ nguyên số đang phục vụ.',
    'Your session has ended. Please sign in again; the counter keeps its current ticket.');
}

/** logout ends the session; the page goes back to its sign-in form. */
export async function logout() {
  try { await api('POST', '/api/v1/auth/logout'); } catch (e) { /* signed out either way */ }
  setCsrf('');
}

// ---- the server's clock ---------------------------------------------------

let skew = 0; // server time minus this device's time, ms

/** syncClock takes the server's time (a board message's now). */
export function syncClock(serverNow) {
  const ms = Date.parse(serverNow);
  if (!Number.isNaN(ms)) skew = ms - Date.now();
}

/** serverNow is the server's time now, as best known. */
export function serverNow() {
  return Date.now() + skew;
}

// ---- refresher ------------------------------------------------------------

/**
 * refresher returns kick(): it runs fn at once, or minMs after its last
 * run, never twice at once; kicks while it waits or runs are folded into
 * one more run after.
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
    try { await fn(); } finally {
      running = false;
      if (again) { again = false; kick(); }
    }
  }
  function kick() {
    if (running) { again = true; return; }
    if (timer) return;
    timer = setTimeout(run, Math.max(0, last + minMs - Date.now()));
  }
  return kick;
}
