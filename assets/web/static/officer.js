// officer.js: what the officers' pages (/counter, /rate) share: who is
// signed in, and signing out. (The server's clock and the refresher are
// common.js's; the sign-in form is login.js's.)

import { api, setCsrf, ApiError, t } from './common.js';

export { showLoginMessage } from './login.js';

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
