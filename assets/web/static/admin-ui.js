// admin-ui.js: the small toolkit the admin sections share (building
// elements is dom.js's h, re-exported): form fields that show the API's field errors next to the input,
// messages, and a confirmation dialog. No framework.

import { t, ApiError } from './common.js';
import { h } from './dom.js';

export { h };

/**
 * field wraps an input with its label, an optional hint and the place for
 * its error. name is the API field name; errors with that field land here.
 */
export function field(label, input, name, hint) {
  const id = `f-${name || Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2, 6)}`;
  if (!input.id) input.id = id;
  if (name && !input.name) input.name = name;
  return h('div', { class: 'field', dataset: { field: name || '' } },
    h('label', { for: input.id }, label),
    input,
    hint ? h('p', { class: 'hint' }, hint) : null,
  );
}

/** clearErrors removes the field errors shown in root. */
export function clearErrors(root) {
  for (const el of root.querySelectorAll('.err-row, .err')) el.remove();
  for (const el of root.querySelectorAll('.invalid')) el.classList.remove('invalid');
}

/**
 * showFieldError puts message next to the element of root whose
 * data-field is name, or the nearest enclosing one: "sessions[1].end" falls
 * back to the row "sessions[1]", then to "sessions". It returns whether a
 * place was found, and focuses the input there.
 */
export function showFieldError(root, name, message) {
  let key = name;
  while (key) {
    const el = root.querySelector(`[data-field="${CSS.escape(key)}"]`);
    if (el) {
      el.classList.add('invalid');
      const err = h('p', { class: 'err', role: 'alert' }, message);
      if (el.tagName === 'TR') {
        const row = h('tr', { class: 'err-row' }, h('td', { colspan: String(el.children.length) }, err));
        el.after(row);
      } else {
        el.append(err);
      }
      const input = el.matches('input, select, textarea') ? el : el.querySelector('input, select, textarea');
      if (input) input.focus({ preventScroll: false });
      return true;
    }
    const cut = Math.max(key.lastIndexOf('.'), key.lastIndexOf('['));
    key = cut > 0 ? key.slice(0, cut) : '';
  }
  return false;
}

// ---- messages --------------------------------------------------------------

let toastTimer = null;

/** toast shows a short message at the bottom of the screen. */
export function toast(message, kind = 'ok') {
  const el = document.getElementById('toast');
  el.textContent = message;
  el.className = `toast show ${kind}`;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { el.className = 'toast'; }, kind === 'ok' ? 4000 : 8000);
}

/**
 * submitting runs fn for a form: it clears old errors, disables the
 * buttons, and on an API error shows it next to its field (and as a
 * message); a lost session goes to onAuthLost. It resolves to fn's result,
 * or undefined after an error.
 */
export async function submitting(form, ctx, fn, okMessage) {
  clearErrors(form);
  const buttons = [...form.querySelectorAll('button')];
  buttons.forEach((b) => { b.disabled = true; });
  try {
    const out = await fn();
    if (okMessage) toast(okMessage, 'ok');
    return out;
  } catch (err) {
    report(err, ctx, form);
    return undefined;
  } finally {
    buttons.forEach((b) => { b.disabled = false; });
  }
}

/** report shows an error: next to its field when the API names one. */
export function report(err, ctx, root) {
  if (err instanceof ApiError && err.status === 401) {
    ctx.authLost();
    return;
  }
  const msg = err && err.message ? err.message : String(err);
  if (root && err instanceof ApiError && err.field) showFieldError(root, err.field, msg);
  toast(msg, 'error');
}

// ---- dialogs -----------------------------------------------------------------

/**
 * ask opens the modal dialog with a title, a text and optional body
 * content; it resolves true when confirmed. danger colours the button.
 */
export function ask({ title, text, body, ok, danger = false }) {
  const dlg = document.getElementById('dialog');
  dlg.replaceChildren();
  const okBtn = h('button', { type: 'submit', class: danger ? 'btn danger' : 'btn primary', value: 'ok' }, ok || t('Đồng ý', 'OK'));
  const form = h('form', { method: 'dialog', class: 'dialog-form', novalidate: true },
    h('h2', {}, title),
    text ? h('p', {}, text) : null,
    body || null,
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'btn', value: 'cancel', formnovalidate: true }, t('Hủy', 'Cancel')),
      okBtn),
  );
  dlg.append(form);
  return new Promise((resolve) => {
    dlg.addEventListener('close', () => resolve(dlg.returnValue === 'ok'), { once: true });
    dlg.returnValue = '';
    dlg.showModal();
    const first = body && body.querySelector ? body.querySelector('input') : null;
    (first || okBtn).focus();
  });
}

/** confirmDanger asks before something hard to undo, like deactivating. */
export function confirmDanger(title, text, ok) {
  return ask({ title, text, ok, danger: true });
}

// ---- formatting ----------------------------------------------------------------

/** num reads a number input: a number, undefined when empty, or the raw text. */
export function num(input) {
  const v = input.value.trim();
  if (v === '') return undefined;
  const n = Number(v);
  return Number.isInteger(n) ? n : v;
}

/** same compares two JSON values. */
export function same(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** isoToVN shows an API date (YYYY-MM-DD) as dd/mm/yyyy. */
export function isoToVN(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || '');
  return m ? `${m[3]}/${m[2]}/${m[1]}` : (iso || '');
}

/**
 * vnToISO reads a date typed as dd/mm/yyyy (or d/m/yyyy, with / - or .;
 * or already YYYY-MM-DD) into the API's YYYY-MM-DD; "" for empty and null
 * when it is no date at all. Native date inputs are not used: they follow
 * the browser's locale (mm/dd/yyyy on an English system), not the center's.
 */
export function vnToISO(text) {
  const v = (text || '').trim();
  if (v === '') return '';
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(v);
  let y; let mo; let d;
  if (m) [, y, mo, d] = m;
  else {
    m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(v);
    if (!m) return null;
    [, d, mo, y] = m;
  }
  const dt = new Date(Date.UTC(+y, +mo - 1, +d));
  if (dt.getUTCFullYear() !== +y || dt.getUTCMonth() !== +mo - 1 || dt.getUTCDate() !== +d) return null;
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** tidyTime tidies a typed time: "7:30" and "7h30" become "07:30". */
export function tidyTime(text) {
  const v = (text || '').trim();
  const m = /^(\d{1,2})[:hH.](\d{2})$/.exec(v);
  return m ? `${m[1].padStart(2, '0')}:${m[2]}` : v;
}

/** sectionHead is the heading and lead text of a section. */
export function sectionHead(title, lead, ...extra) {
  return h('header', { class: 'sec-head' },
    h('div', {}, h('h2', {}, title), lead ? h('p', { class: 'lead' }, lead) : null),
    extra.length ? h('div', { class: 'sec-tools' }, extra) : null);
}
