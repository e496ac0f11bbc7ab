// rate.js: the tablet at a counter (/rate?counter=N), facing the citizen.
// Idle, it shows the number being served there. When the officer presses
// "Hoàn thành", the counter's detail names the ticket just finished
// (last_done) and the tablet asks the citizen to rate it: four faces; at 2
// or below, reasons and a comment; then thanks, and back to idle after
// 10 s. An officer signs the tablet in once.

import { api, applyI18n, connectBoard, lang, refresher, setLang, syncClock, t, ApiError } from './common.js';
import { $, h } from './dom.js';
import { checkMark, ratingWidget } from './rating-ui.js';
import { isAuthLost, showLoginMessage, whoAmI, expiredText } from './officer.js';
import { renderLogin } from './login.js';

const param = (new URLSearchParams(location.search).get('counter') || '').trim();

/** BACK_MS is how long thanks and notices stay before idle. */
const BACK_MS = 10000;
/** CHOICE_IDLE_MS: the faces go back to idle after this long untouched. */
const CHOICE_IDLE_MS = 2 * 60 * 1000;
/** REFRESH_MS is the least time between two fetches of the counter. */
const REFRESH_MS = 700;

const st = {
  user: null,
  detail: null,
  screen: 'loading',
  first: true, // the first detail after sign-in: what was done before is not offered
  handled: new Set(), // tokens offered and rated, dismissed or refused
  rating: null, // the ticket being rated
  timer: null, // idle timer of the faces, or the way back from thanks
  tick: null,
  noticeVI: '',
  noticeEN: '',
};

// window.xephangRate records what the tablet did, for tests.
window.xephangRate = [];

const widget = ratingWidget({ onSubmit: submit, onActivity: holdFaces });

function show(screen) {
  st.screen = screen;
  document.body.dataset.screen = screen;
  for (const id of ['login', 'pick', 'idle', 'rate', 'thanks', 'notice']) {
    $(`${id}-view`).classList.toggle('hidden', id !== screen);
  }
}

function clearTimers() {
  clearTimeout(st.timer);
  clearInterval(st.tick);
  st.timer = null;
  st.tick = null;
}

// ---- screens ---------------------------------------------------------------

function renderHead() {
  const d = st.detail;
  $('counter-name').textContent = d ? d.name : (param ? `${t('Quầy', 'Counter')} ${param}` : '');
  $('lang').textContent = lang() === 'en' ? 'Tiếng Việt' : 'English';
}

function renderIdle() {
  const d = st.detail;
  if (!d) return;
  const cur = d.current;
  $('idle-label').textContent = !cur ? d.name
    : cur.status === 'called' ? t('Xin mời số', 'Now calling') : t('Đang phục vụ số', 'Now serving');
  $('idle-number').textContent = cur ? cur.number : '';
  $('idle-number').classList.toggle('hidden', !cur);
  $('idle-service').textContent = cur ? cur.service_name
    : d.open ? t('Xin mời Ông/Bà chờ đến lượt', 'Please wait for your number to be called')
      : t('Quầy đang tạm đóng', 'This counter is closed for now');
}

function renderRate() {
  const tk = st.rating;
  if (!tk) return;
  const title = $('rate-title');
  title.replaceChildren(
    t('Ông/Bà hài lòng thế nào với việc phục vụ số ', 'How satisfied are you with the service for '),
    h('b', {}, tk.number), '?');
}

function showRate(tk) {
  clearTimers();
  st.rating = tk;
  widget.reset();
  $('rate-error').classList.add('hidden');
  renderRate();
  show('rate');
  holdFaces();
  window.xephangRate.push({ offered: tk.number });
}

// holdFaces restarts the idle timer of the rating screen.
function holdFaces() {
  if (st.screen !== 'rate') return;
  clearTimeout(st.timer);
  st.timer = setTimeout(() => {
    if (st.rating) st.handled.add(st.rating.token);
    goIdle();
  }, CHOICE_IDLE_MS);
}

// countdown shows "back in N s" in el, then goes idle.
function countdown(el) {
  const until = Date.now() + BACK_MS;
  const paint = () => {
    const s = Math.max(0, Math.ceil((until - Date.now()) / 1000));
    el.textContent = t(`Màn hình sẽ trở lại sau ${s} giây.`, `Back in ${s} s.`);
  };
  paint();
  st.tick = setInterval(paint, 1000);
  st.timer = setTimeout(goIdle, BACK_MS);
}

function showThanks(rating) {
  clearTimers();
  $('thanks-text').textContent = rating >= 3
    ? t('Rất vui vì Ông/Bà hài lòng. Chúc Ông/Bà một ngày tốt lành!', 'We are glad you are satisfied. Have a good day!')
    : t('Ý kiến của Ông/Bà giúp Trung tâm phục vụ tốt hơn.', 'Your opinion helps the center serve better.');
  show('thanks');
  countdown($('thanks-back'));
}

function showNotice(titleVI, titleEN, message) {
  clearTimers();
  st.noticeVI = titleVI;
  st.noticeEN = titleEN;
  $('notice-title').textContent = t(titleVI, titleEN);
  $('notice-text').textContent = message;
  show('notice');
  countdown($('notice-back'));
}

function goIdle() {
  clearTimers();
  st.rating = null;
  renderIdle();
  show('idle');
  decide();
}

// ---- what to show ---------------------------------------------------------

// decide offers the ticket the counter just finished, once, and leaves a
// rating screen whose ticket can no longer be rated here.
function decide() {
  const ld = st.detail && st.detail.last_done;
  const fresh = ld && !ld.feedback && !st.handled.has(ld.token);
  if (st.screen === 'idle' && fresh) {
    showRate(ld);
    return;
  }
  if (st.screen === 'rate' && widget.step() === 'choose') {
    const gone = !ld || ld.token !== st.rating.token || !!ld.feedback;
    if (!gone) return;
    st.handled.add(st.rating.token);
    if (fresh) showRate(ld);
    else goIdle();
  }
  // On the reasons step the citizen is writing: the answer of the POST
  // will say if the ticket can no longer be rated.
}

async function fetchDetail() {
  if (!st.user) return;
  try {
    const d = await api('GET', `/api/v1/counters/${encodeURIComponent(param)}`);
    if (!d.may_work) {
      // The tablet would be refused every rating: ask for an officer of
      // this counter.
      st.user = null;
      clearTimers();
      showLoginMessage(t(`Tài khoản này không được phân công tại ${d.name}. Vui lòng đăng nhập bằng tài khoản của cán bộ quầy này.`,
        `This account is not assigned to ${d.name}. Please sign in as an officer of this counter.`));
      show('login');
      return;
    }
    st.detail = d;
    if (st.first) {
      st.first = false;
      if (d.last_done) st.handled.add(d.last_done.token);
    }
    renderHead();
    renderIdle();
    if (st.screen === 'loading') show('idle');
    decide();
  } catch (err) {
    if (isAuthLost(err)) { authLost(); return; }
    if (err instanceof ApiError && err.status === 404) { showPick(t(`Không có quầy ${param}.`, `There is no counter ${param}.`)); return; }
    // A network error: the stream's reconnect will bring a new fetch.
  }
}

const kick = refresher(fetchDetail, REFRESH_MS);

// ---- rating ------------------------------------------------------------------

async function submit(body) {
  const tk = st.rating;
  $('rate-error').classList.add('hidden');
  try {
    await api('POST', `/api/v1/counters/${encodeURIComponent(st.detail.id)}/feedback`, { ...body, number: tk.number });
    st.handled.add(tk.token);
    window.xephangRate.push({ rated: tk.number, rating: body.rating });
    showThanks(body.rating);
    kick();
  } catch (err) {
    if (isAuthLost(err)) { authLost(); return; }
    if (err instanceof ApiError && err.status === 409) {
      st.handled.add(tk.token);
      window.xephangRate.push({ refused: tk.number, code: err.code });
      // Rated already (from the phone), or too late here: say which.
      const now = await api('GET', `/api/v1/tickets/${encodeURIComponent(tk.token)}`).catch(() => null);
      if (now && now.feedback) {
        showNotice('Số này đã được đánh giá', 'Already rated', t(
          `Số ${tk.number} đã được đánh giá. Cảm ơn Ông/Bà!`, `Ticket ${tk.number} has already been rated. Thank you!`));
      } else {
        showNotice('Không thể đánh giá tại đây', 'Cannot rate here', `${err.message} ${t(
          'Ông/Bà vẫn có thể đánh giá trong 24 giờ bằng điện thoại, qua mã QR trên phiếu.',
          'You can still rate within 24 hours from your phone, with the QR code on your ticket.')}`);
      }
      kick();
      return;
    }
    $('rate-error').textContent = err.message;
    $('rate-error').classList.remove('hidden');
    throw err;
  }
}

// ---- sign-in, counter choice ---------------------------------------------------

function authLost() {
  st.user = null;
  clearTimers();
  st.rating = null;
  showLoginMessage(expiredText());
  show('login');
}

async function showPick(message) {
  show('pick');
  const list = $('pick-list');
  list.replaceChildren();
  if (message) list.append(h('p', { class: 'alert' }, message));
  try {
    const counters = await api('GET', '/api/v1/counters');
    list.append(...counters.map((c) => h('a', { class: 'r-pick-item', href: `/rate?counter=${c.number}` },
      h('b', {}, `${t('Quầy', 'Counter')} ${c.number}`), c.name !== `Quầy ${c.number}` ? h('span', {}, c.name) : null)));
  } catch (err) {
    if (isAuthLost(err)) authLost();
    else list.append(h('p', { class: 'alert' }, err.message));
  }
}

let stream = null;

function signedIn(user) {
  st.user = user;
  st.first = true;
  if (!param) { showPick(); return; }
  show('loading');
  if (!stream) {
    stream = connectBoard((msg) => {
      if (msg.board && msg.board.now) syncClock(msg.board.now);
      kick();
    }, (up) => $('offline').classList.toggle('hidden', up));
  }
  kick();
}

function onLang() {
  setLang(lang() === 'en' ? 'vi' : 'en');
  applyI18n();
  renderHead();
  renderIdle();
  if (st.rating) { renderRate(); widget.render(); }
  $('notice-title').textContent = t(st.noticeVI, st.noticeEN);
}

async function start() {
  applyI18n();
  renderHead();
  $('rate-widget').append(widget.el);
  $('thanks-mark').append(checkMark());
  $('lang').addEventListener('click', onLang);
  $('thanks-view').addEventListener('click', goIdle);
  $('notice-view').addEventListener('click', goIdle);
  renderLogin({
    title: ['Đăng nhập máy tính bảng đánh giá', 'Sign in the rating tablet'],
    lead: ['Cán bộ của quầy đăng nhập một lần; sau đó máy tính bảng dành cho công dân đánh giá.',
      'An officer of the counter signs in once; then the tablet is for citizens to rate the service.'],
    heading: 'h1',
    classes: { form: 'panel r-card', lead: 'r-lead', msg: 'alert', input: 'input', button: 'btn-main' },
  }, signedIn);
  setInterval(kick, 30000); // the 10-minute window and the session end without a message
  api('GET', '/api/v1/info').then((info) => { $('center').textContent = info.center; }).catch(() => {});
  let user = null;
  try {
    user = await whoAmI();
  } catch (err) {
    showLoginMessage(err.message);
  }
  if (user) signedIn(user);
  else show('login');
  document.body.dataset.ready = '1';
}

start();
