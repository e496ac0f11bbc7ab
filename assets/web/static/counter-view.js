// counter-view.js: how the counter console draws its state: the ticket at
// the counter, which actions its status allows, the waiting list in this
// counter's pick order, today's no-shows and counts, and the counter
// choice. counter.js owns the state and the actions.

import { counterStatusWords, hhmm, priorityText, serverNow, t } from './common.js';
import { $, h } from './dom.js';


/** priorityLine is a priority ticket's badge: "Ưu tiên: Người cao tuổi". */
function priorityLine(tk) {
  return tk.priority_kind ? `${t('Ưu tiên', 'Priority')}: ${priorityText(tk.priority_kind, true)}` : t('Ưu tiên', 'Priority');
}

/**
 * allowed returns the actions the counter's state allows, from the status
 * table of DESIGN.md: next and call by number need a free counter; recall,
 * start and no-show a called ticket; done, transfer and "done & next" a
 * called or served one.
 */
export function allowed(d) {
  const out = new Set();
  if (!d) return out;
  const cur = d.current;
  if (!cur) {
    if (d.waiting_count > 0) out.add('next');
    out.add('call');
    out.add('callback');
    return out;
  }
  if (cur.status === 'called') ['recall', 'start', 'noshow'].forEach((a) => out.add(a));
  if (cur.status === 'called' || cur.status === 'serving') ['done', 'donenext', 'transfer'].forEach((a) => out.add(a));
  return out;
}

/** minutes formats a duration in minutes, Vietnamese style (4,5 phút). */
export function minutes(m) {
  const v = Math.round(m * 10) / 10;
  return `${v.toLocaleString(t('vi-VN', 'en-GB'))} ${t('phút', 'min')}`;
}

function since(iso) {
  const ms = serverNow() - Date.parse(iso);
  return Number.isNaN(ms) ? 0 : Math.max(0, ms);
}

/** elapsed formats the time since iso as m:ss. */
export function elapsed(iso) {
  const s = Math.floor(since(iso) / 1000);
  const m = Math.floor(s / 60);
  return `${m}:${String(s % 60).padStart(2, '0')}`;
}

// ---- header ----------------------------------------------------------------

export function renderHead(st) {
  const d = st.detail;
  const onConsole = st.view === 'console' && d;
  $('counter-name').textContent = onConsole ? d.name : t('Quầy giao dịch', 'Counter console');
  const state = $('counter-state');
  state.classList.toggle('hidden', !onConsole);
  if (onConsole) {
    state.textContent = d.open ? t('Đang mở', 'Open') : t('Đang đóng', 'Closed');
    state.classList.toggle('closed', !d.open);
  }
  $('counter-services').textContent = onConsole
    ? d.services.map((id) => st.serviceNames[id] || id).join(' · ') : '';
  $('who').textContent = st.user ? st.user.display_name || st.user.username : '';
  const toggle = $('open-toggle');
  toggle.classList.toggle('hidden', !onConsole);
  if (onConsole) {
    toggle.textContent = d.open ? t('Đóng quầy', 'Close counter') : t('Mở quầy', 'Open counter');
    toggle.classList.toggle('warn', !d.open);
  }
  $('change').classList.toggle('hidden', !st.user || st.view === 'pick');
  $('logout').classList.toggle('hidden', !st.user);
  $('lang').textContent = t('English', 'Tiếng Việt');
}

/** renderClock updates the clock and the time at the counter. */
export function renderClock() {
  $('clock').textContent = hhmm(serverNow());
  const el = document.getElementById('cur-elapsed');
  if (el) el.textContent = elapsed(el.dataset.since);
}

// ---- the ticket at the counter ---------------------------------------------------

export function renderCurrent(st) {
  const d = st.detail;
  const box = $('current');
  const cur = d && d.current;
  box.dataset.number = cur ? cur.number : '';
  box.dataset.status = cur ? cur.status : 'none';
  if (!cur) {
    box.replaceChildren(
      h('div', { class: 'cur-info' },
        h('div', { class: 'cur-status' }, t('Chưa có số nào tại quầy', 'No ticket at the counter')),
        h('p', { class: 'cur-hint' }, d && d.waiting_count > 0
          ? t(`Nhấn “Gọi số tiếp theo” (Space) để mời công dân tiếp theo. Đang chờ: ${d.waiting_count}.`,
            `Press “Call next” (Space) to call the next citizen. Waiting: ${d.waiting_count}.`)
          : t('Hiện không có công dân nào chờ ở các lĩnh vực của quầy.', 'Nobody is waiting for this counter’s services.'))));
    return;
  }
  box.replaceChildren(
    h('div', { class: 'cur-number', id: 'cur-number' }, cur.number),
    h('div', { class: 'cur-info' },
      h('div', { class: `cur-status st-${cur.status}` }, t(...counterStatusWords(cur.status))),
      h('div', { class: 'cur-service' }, cur.service_name),
      cur.priority ? h('div', { class: 'badge-prio' }, priorityLine(cur)) : null,
      h('div', { class: 'cur-times' },
        cur.called_at ? h('span', {}, `${t('Gọi lúc', 'Called at')} ${hhmm(cur.called_at)}`) : null,
        cur.called_at ? h('span', {}, t('Thời gian tại quầy ', 'At the counter for '),
          h('b', { id: 'cur-elapsed', dataset: { since: cur.called_at } }, elapsed(cur.called_at))) : null,
        cur.recalls ? h('span', {}, t(`Đã gọi lại ${cur.recalls} lần`, `Recalled ${cur.recalls}×`)) : null,
        h('span', {}, `${t('Lấy số', 'Taken')} ${hhmm(cur.issued_at)}`))),
  );
}

/** renderActions enables what the ticket's status allows, nothing while busy. */
export function renderActions(st) {
  const ok = allowed(st.detail);
  for (const b of document.querySelectorAll('#actions button[data-act]')) {
    b.disabled = st.busy || !ok.has(b.dataset.act);
  }
  for (const b of document.querySelectorAll('#noshows button')) b.disabled = st.busy || !ok.has('callback');
  $('open-toggle').disabled = st.busy || !!(st.detail && st.detail.current && st.detail.open);
  document.body.dataset.busy = st.busy ? '1' : '';
}

// ---- lists ------------------------------------------------------------------------

export function renderWaiting(st) {
  const d = st.detail;
  const list = d ? d.waiting : [];
  $('waiting-count').textContent = d ? `(${d.waiting_count})` : '';
  $('waiting-note').textContent = d && d.waiting_count > list.length
    ? t(`${list.length} số đầu, theo thứ tự quầy sẽ gọi`, `The first ${list.length}, in the order this counter calls them`)
    : t('Theo thứ tự quầy sẽ gọi', 'In the order this counter calls them');
  const table = $('waiting');
  if (!list.length) {
    table.replaceChildren(h('tr', { class: 'empty' }, h('td', {}, t('Không có ai chờ.', 'Nobody waiting.'))));
    return;
  }
  table.replaceChildren(h('tr', {},
    h('th', {}, '#'), h('th', {}, t('Số', 'No.')), h('th', {}, t('Lĩnh vực', 'Service')),
    h('th', { class: 'num' }, t('Lấy số', 'Taken')), h('th', { class: 'num' }, t('Đã chờ', 'Waited'))),
  ...list.map((tk, i) => h('tr', { class: tk.priority ? 'prio' : '', dataset: { number: tk.number } },
    h('td', { class: 'pos' }, String(i + 1)),
    h('td', { class: 'no' }, tk.number, tk.priority ? h('span', { class: 'badge-prio small', title: priorityLine(tk) }, t('Ưu tiên', 'Priority')) : null),
    h('td', { class: 'svc' }, tk.service_name),
    h('td', { class: 'num' }, hhmm(tk.issued_at)),
    h('td', { class: 'num' }, `${Math.floor(since(tk.issued_at) / 60000)} ${t('phút', 'min')}`))));
}

/**
 * renderNoShows updates the rows in place, keyed by number: every change in
 * the lobby refreshes the console, and a row replaced between the press
 * and the release of a click would lose the officer's "Gọi lại số này".
 */
export function renderNoShows(st, onCallBack) {
  const list = st.detail ? st.detail.no_shows : [];
  const table = $('noshows');
  if (!list.length) {
    table.replaceChildren(h('tr', { class: 'empty' }, h('td', {}, t('Không có.', 'None.'))));
    return;
  }
  for (const r of table.querySelectorAll('tr:not([data-number])')) r.remove();
  const rows = new Map([...table.querySelectorAll('tr[data-number]')].map((r) => [r.dataset.number, r]));
  let prev = null;
  for (const tk of list) {
    let row = rows.get(tk.number);
    rows.delete(tk.number);
    if (!row) {
      row = h('tr', { dataset: { number: tk.number } },
        h('td', { class: 'no' }, tk.number),
        h('td', { class: 'svc' }),
        h('td', { class: 'btn-cell' }, h('button', { type: 'button', class: 'callback', dataset: { number: tk.number },
          onclick: () => onCallBack(tk.number) })));
    }
    row.querySelector('.svc').replaceChildren(tk.service_name,
      ...(tk.called_at ? [h('small', {}, ` · ${t('gọi lúc', 'called')} ${hhmm(tk.called_at)}`)] : []));
    row.querySelector('button').textContent = t('Gọi lại số này', 'Call back');
    const expected = prev ? prev.nextSibling : table.firstChild;
    if (expected !== row) table.insertBefore(row, expected);
    prev = row;
  }
  for (const r of rows.values()) r.remove();
}

export function renderToday(st) {
  const d = st.detail;
  const day = d ? d.today : { served: 0, no_show: 0, mean_service_minutes: 0 };
  const stat = (id, label, value) => h('div', { class: 'stat', id }, h('b', {}, value), h('span', {}, label));
  $('today').replaceChildren(
    h('h2', {}, t('Hôm nay tại quầy', 'Today at this counter')),
    h('div', { class: 'stats' },
      stat('today-served', t('Đã phục vụ', 'Served'), String(day.served)),
      stat('today-noshow', t('Vắng mặt', 'No-shows'), String(day.no_show)),
      stat('today-mean', t('TB phục vụ', 'Mean service'), day.served ? minutes(day.mean_service_minutes) : '–')));
}

// ---- the counter choice -----------------------------------------------------------

export function renderPick(st, counters, onChoose) {
  $('pick-list').replaceChildren(...counters.map((c) => h('button', {
    type: 'button', class: `pick ${c.open ? 'open' : ''}`, disabled: !c.may_work, dataset: { counter: c.id },
    onclick: () => onChoose(c),
  },
  h('span', { class: 'pick-no' }, `${t('Quầy', 'Counter')} ${c.number}`),
  c.name !== `Quầy ${c.number}` ? h('span', { class: 'pick-name' }, c.name) : null,
  h('span', { class: 'pick-svc' }, c.services.map((id) => st.serviceNames[id] || id).join(' · ')),
  h('span', { class: 'pick-state' }, !c.may_work ? t('Không được phân công', 'Not assigned to you')
    : c.open ? t('Đang mở', 'Open') : t('Đang đóng', 'Closed')))));
}
