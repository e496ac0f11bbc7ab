// dom.js: the three DOM helpers every page uses. It imports nothing, so a
// citizen's page (kiosk, board, track, public, rate) loads it without the
// admin UI.

/** $ returns the element with this id. */
export const $ = (id) => document.getElementById(id);

/** el creates an element with a class and a text: el('div', 'row', 'A012'). */
export function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = text;
  return e;
}

/**
 * h builds an element: h('button', {class: 'btn', onclick: fn}, 'Lưu').
 * Attributes starting with "on" become listeners; "dataset" is an object;
 * null, undefined and false children are skipped.
 */
export function h(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') e.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(e.dataset, v);
    else if (k === 'class') e.className = v;
    else if (k === 'value') e.value = v;
    else if (k === 'checked' || k === 'disabled' || k === 'selected' || k === 'readOnly') e[k] = !!v;
    else e.setAttribute(k, v === true ? '' : v);
  }
  append(e, children);
  return e;
}

function append(e, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(e, c);
    else e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}
