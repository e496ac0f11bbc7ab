// board.js: the lobby TV. It renders the whole board from each message of
// /ws/board (the snapshot replaces everything, so nothing stale survives a
// reconnect), flashes, chimes and says every call in turn, and keeps its
// own clock set from the server's time.

import { api, connectBoard, counterStatusWords, dateVN, hhmm, hhmmss, serverNow, syncClock, weekdayOf } from './common.js';
import { Voice, phrase } from './voice.js';
import { $, el } from './dom.js';

const params = new URLSearchParams(location.search);
// ?voice=auto|speech|clips|off picks the voice, ?rate=0.8 slows it down.
const voice = new Voice(params.get('voice') || 'auto', Number(params.get('rate')) || 1);

// ---- the clock: the server's time, ticking locally ----------------------

let session = null;
let sessionAt = 0; // server time of the session shown, to keep the newest
let nextOpening = null;
let issuing = false; // tickets issued outside every session: --schedule always (demo)

function tick() {
  const now = new Date(serverNow());
  $('clock').textContent = hhmmss(now);
  const wd = weekdayOf(now, 'vi-VN');
  $('date').textContent = `${wd[0].toUpperCase()}${wd.slice(1)}, ${dateVN(now)}`;
  setTimeout(tick, 1000 - (now.getMilliseconds() % 1000) + 5);
}

function setSession(s, at) {
  const t = Date.parse(at) || 0;
  if (t < sessionAt) return;
  sessionAt = t;
  session = s;
  renderSession();
}

function renderSession() {
  const el = $('session');
  el.classList.toggle('extended', !!(session && session.extended));
  el.classList.toggle('none', !session);
  if (session) {
    $('session-name').textContent = session.extended ? `★ ${session.name} ★` : sessionLabel(session.name);
    $('session-time').textContent = `${session.start}–${session.end}` +
      (session.extended ? ' · ngoài giờ hành chính' : '');
  } else if (issuing) {
    // Always issuing (--schedule always): not "closed" while the kiosk issues.
    $('session-name').textContent = 'Đang cấp số';
    $('session-time').textContent = 'Ngoài lịch làm việc · Issuing outside the schedule';
  } else {
    $('session-name').textContent = 'Ngoài giờ làm việc';
    $('session-time').textContent = nextOpening ? `Mở lại lúc ${fmtOpening(nextOpening)} · Outside opening hours` : 'Outside opening hours';
  }
}

// sessionLabel turns the stored "Sáng" into "Buổi sáng"; other names stay.
function sessionLabel(name) {
  return /^(sáng|chiều|tối)$/i.test(name) ? `Buổi ${name.toLowerCase()}` : name;
}

function fmtOpening(iso) {
  const d = new Date(iso);
  const time = hhmm(d);
  const day = dateVN(d).slice(0, 5);
  return day === dateVN(serverNow()).slice(0, 5) ? time : `${time} ${day}`;
}

// /api/v1/info keeps the clock right and moves the session at its
// boundaries, which are not board changes.
async function refreshInfo() {
  try {
    const info = await api('GET', '/api/v1/info');
    syncClock(info.now);
    nextOpening = info.next_opening;
    issuing = !!info.issuing;
    setSession(info.session, info.now);
    renderSession();
  } catch (e) { /* the next try comes in a minute */ }
}

// ---- rendering ---------------------------------------------------------

let board = null;
let speaking = null; // the call being announced, shown large meanwhile

function render() {
  if (!board) return;
  $('center').textContent = board.center;
  document.title = `Màn hình sảnh — ${board.center}`;
  setSession(board.session, board.now);
  renderLatest();
  renderCounters();
  renderQueues();
  renderNotice();
}

function renderLatest() {
  const call = speaking || (board.recent && board.recent[0]) || null;
  $('latest-number').textContent = call ? call.number : '---';
  $('latest-number').classList.toggle('long', !!call && call.number.length > 4);
  $('latest-counter').textContent = call ? `Quầy ${call.counter_number}` : 'Chưa có lượt gọi';
  $('latest').classList.toggle('empty', !call);
  const q = call && board.queues.find((x) => x.service_id === call.service_id);
  $('latest-service').textContent = call ? (q ? q.name : '') : 'No calls yet';
  $('latest-recall').classList.toggle('hidden', !(call && call.recall));
  const list = $('recent');
  list.replaceChildren();
  // Each ticket once (a recall repeats a call), the one shown large apart.
  const shown = new Set(call ? [`${call.number}|${call.counter_number}`] : []);
  const earlier = [];
  for (const r of board.recent || []) {
    const k = `${r.number}|${r.counter_number}`;
    if (!shown.has(k)) earlier.push(r);
    shown.add(k);
  }
  $('recent').parentElement.classList.toggle('none', earlier.length === 0);
  for (const r of earlier.slice(0, 4)) {
    const li = el('li');
    li.append(el('span', 'r-num', r.number), el('span', 'r-arrow', '➜'), el('span', 'r-counter', `Quầy ${r.counter_number}`));
    list.append(li);
  }
}

function renderCounters() {
  const body = $('counters');
  body.replaceChildren();
  for (const c of board.counters) {
    const tr = el('tr', `st-${c.status}`);
    tr.dataset.counter = c.number;
    if (speaking && speaking.counter_number === c.number) tr.classList.add('flash-row');
    const num = el('td', 'c-num', String(c.number));
    const svc = el('td', 'c-svc');
    if (c.name && c.name !== `Quầy ${c.number}`) svc.append(el('div', 'c-name', c.name));
    svc.append(el('div', 'c-list', (c.services || []).join(' · ')));
    const cur = el('td', 'c-cur');
    const [vi, en] = counterStatusWords(c.status);
    if (c.current) {
      cur.append(el('span', 'c-ticket', c.current));
      const st = el('span', 'c-status', vi);
      st.append(el('small', '', en));
      cur.append(st);
    } else {
      const st = el('span', 'c-status idle', vi);
      st.append(el('small', '', en));
      cur.append(st);
    }
    tr.append(num, svc, cur);
    body.append(tr);
  }
}

function renderQueues() {
  const grid = $('queues');
  grid.replaceChildren();
  for (const q of board.queues) {
    const card = el('div', 'queue');
    card.dataset.service = q.service_id;
    const head = el('div', 'q-head');
    head.append(el('span', 'q-prefix', q.prefix), el('span', 'q-name', q.name));
    const count = el('span', 'q-count', String(q.count));
    count.title = 'Số người chờ / waiting';
    head.append(count);
    const nums = el('div', 'q-nums');
    if (!q.waiting.length) nums.append(el('span', 'q-empty', 'Không có người chờ'));
    for (const n of q.waiting) nums.append(el('span', 'q-n', n));
    card.append(head, nums);
    grid.append(card);
  }
  fitQueues();
}

// fitQueues hides the waiting numbers that would show only in part: each
// card shows as many whole numbers as its space allows, first in order.
function fitQueues() {
  for (const box of document.querySelectorAll('.q-nums')) {
    for (const n of box.children) n.classList.remove('hidden');
    const limit = box.getBoundingClientRect().bottom + 0.5;
    let over = false;
    for (const n of box.children) {
      over = over || n.getBoundingClientRect().bottom > limit;
      if (over) n.classList.add('hidden');
    }
  }
}

let noticeText = null;
function renderNotice() {
  const text = (board.notice || '').trim();
  $('ticker').classList.toggle('hidden', !text);
  if (text === noticeText) return; // keep the scroll going
  noticeText = text;
  const n = $('notice');
  n.textContent = text;
  // About 120 pixels a second whatever the length.
  n.style.animationDuration = `${Math.max(15, (text.length * 14 + 1600) / 120)}s`;
}

// ---- announcements: one after another, in order -------------------------

const pending = [];
let running = false;
window.xephangAnnounced = [];

function announce(msg) {
  pending.push({ seq: msg.seq, call: msg.call });
  if (!running) runAnnouncements();
}

async function runAnnouncements() {
  running = true;
  while (pending.length) {
    const { seq, call } = pending.shift();
    speaking = call;
    render();
    flash();
    const rec = {
      seq, number: call.number, counter: call.counter_number, recall: !!call.recall,
      phrase: phrase(call.number, call.counter_number), way: voice.way(), at: new Date().toISOString(),
    };
    window.xephangAnnounced.push(rec);
    const li = el('li', '', rec.phrase);
    for (const k of ['seq', 'number', 'counter', 'recall', 'phrase', 'way']) li.dataset[k] = String(rec[k]);
    $('announced').append(li);
    rec.way = await voice.announce(call.number, call.counter_number);
    li.dataset.way = rec.way;
    li.dataset.done = 'true';
  }
  speaking = null;
  running = false;
  render();
}

function flash() {
  const box = $('latest');
  box.classList.remove('flash');
  void box.offsetWidth; // restart the animation
  box.classList.add('flash');
}

// ---- the stream ----------------------------------------------------------

// lastTop names the newest call the page has had, so that after a
// reconnect it can say the calls made while it was away; undefined until
// the first board.
let lastTop;

const callKey = (c) => `${c.number}|${c.counter_number}|${c.at}|${c.recall}`;

function onMessage(msg) {
  const prevTop = lastTop;
  board = msg.board;
  const recent = board.recent || [];
  lastTop = recent.length ? callKey(recent[0]) : null;
  render();
  if (msg.type === 'call' && msg.call) announce(msg);
  if (msg.type === 'snapshot' && prevTop !== undefined) announceMissed(recent, prevTop, msg.seq);
}

// MISSED_MAX_AGE_MS bounds how old a call missed during a disconnection may
// be and still be said: a TV back after a long outage stays quiet.
const MISSED_MAX_AGE_MS = 2 * 60 * 1000;

// announceMissed says, oldest first, the calls of a fresh snapshot that
// came after the newest call the page had before it lost the stream.
function announceMissed(recent, prevTop, seq) {
  const missed = [];
  for (const c of recent) {
    if (callKey(c) === prevTop) break;
    missed.push(c);
  }
  // The last known call is not in the list: too much happened (or the
  // data changed); say only the newest.
  if (prevTop !== null && missed.length === recent.length) missed.splice(1);
  const now = Date.parse(board.now);
  for (const c of missed.slice(0, 3).reverse()) {
    if (now - Date.parse(c.at) <= MISSED_MAX_AGE_MS) announce({ seq, call: c });
  }
}

function onStatus(up) {
  $('offline').classList.toggle('hidden', up);
  document.body.classList.toggle('stale', !up);
  if (up) refreshInfo();
}

function showSoundHint() {
  const b = $('sound');
  b.classList.toggle('hidden', !voice.blocked());
  fitQueues(); // the hint takes a line from the board
}

async function main() {
  tick();
  refreshInfo();
  setInterval(refreshInfo, 60000);
  connectBoard(onMessage, onStatus);
  await voice.init();
  showSoundHint();
  const unlock = async () => { await voice.unlock(); showSoundHint(); };
  $('sound').addEventListener('click', unlock);
  document.addEventListener('pointerdown', unlock, { once: true });
  // Whatever changes the space of the waiting lists (the window, the
  // header, the counters) fits them again.
  new ResizeObserver(() => fitQueues()).observe($('queues'));
}

main();
