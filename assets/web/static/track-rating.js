// track-rating.js: the rating on the citizen's phone (/t/{token}). Once the
// ticket is done, and for 24 hours, the page offers the same four faces as
// the counter's tablet, unless the ticket was already rated (there or
// here). track.js calls renderRating on every render; the section is
// rebuilt only when what it shows changes, so a comment being typed stays.

import { api, lang, serverNow, syncClock, t } from './common.js';
import { h } from './dom.js';
import { face, levelText, ratingWidget } from './rating-ui.js';

/** PHONE_WINDOW_MS is how long after done the phone may rate (DESIGN.md). */
const PHONE_WINDOW_MS = 24 * 60 * 60 * 1000;

let token = '';
let current = null; // the ticket as last rendered
let shown = ''; // what the section shows, with the language
let thanked = false; // rated from this page just now
let refused = ''; // the server's answer when it refused
let asked = false; // the server's time was asked for
let clockKnown = false;
let widget = null;

function section() { return document.getElementById('rating'); }

// serverClock learns the server's time once (the phone's own clock may be
// wrong), then re-renders.
function serverClock() {
  if (asked) return;
  asked = true;
  api('GET', '/api/v1/info').then((info) => syncClock(info.now)).catch(() => { /* the phone's own clock, then */ }).finally(() => {
    clockKnown = true;
    renderRating(current, token);
  });
}

function mode(tk) {
  if (tk.status !== 'done') return 'none';
  if (tk.feedback) return thanked ? 'thanks' : 'rated';
  if (refused) return 'refused';
  if (!clockKnown) return 'none'; // a moment, not to offer what is too late
  const done = Date.parse(tk.done_at);
  if (!Number.isNaN(done) && serverNow() - done > PHONE_WINDOW_MS) return 'late';
  return 'offer';
}

async function submit(body) {
  const box = section().querySelector('.rate-error');
  box.classList.add('hidden');
  try {
    const fb = await api('POST', `/api/v1/tickets/${encodeURIComponent(token)}/feedback`, body);
    thanked = true;
    current.feedback = fb;
    renderRating(current, token);
  } catch (err) {
    if (err.status === 409) {
      refused = err.message;
      renderRating(current, token);
      return;
    }
    box.textContent = err.message;
    box.classList.remove('hidden');
    throw err;
  }
}


/** renderRating shows the rating part of the tracking page for ticket tk. */
export function renderRating(tk, tok) {
  current = tk;
  token = tok;
  if (tk.status === 'done') serverClock();
  const m = mode(tk);
  const key = `${m}/${lang()}`;
  if (key === shown) return;
  shown = key;
  const el = section();
  el.dataset.mode = m;
  el.className = m === 'none' ? '' : `rate-card rate-${m}`;
  switch (m) {
    case 'none':
      el.replaceChildren();
      return;
    case 'offer':
      if (!widget) widget = ratingWidget({ onSubmit: submit });
      else widget.render();
      el.replaceChildren(
        h('h2', {}, t('Ông/Bà hài lòng thế nào với việc phục vụ?', 'How satisfied are you with the service?')),
        h('p', { class: 'rate-lead' }, t('Mỗi phiếu được đánh giá một lần, trong 24 giờ sau khi hoàn thành.',
          'Each ticket can be rated once, within 24 hours of the service.')),
        widget.el,
        h('p', { class: 'rate-error hidden', role: 'alert' }));
      return;
    case 'thanks':
    case 'rated': {
      const fb = tk.feedback;
      el.replaceChildren(
        h('div', { class: 'rated-line' }, face(fb.rating), h('div', {},
          h('div', { class: 'rated-title' }, m === 'thanks' ? t('Cảm ơn Ông/Bà đã đánh giá!', 'Thank you for your rating!')
            : t('Ông/Bà đã đánh giá', 'You have rated this service')),
          h('div', { class: 'rated-level' }, levelText(fb.rating)))),
        m === 'thanks' ? h('p', { class: 'rate-lead' }, t('Ý kiến của Ông/Bà giúp Trung tâm phục vụ tốt hơn.',
          'Your opinion helps the center serve better.')) : null);
      return;
    }
    case 'refused':
      el.replaceChildren(h('p', { class: 'rate-lead' }, refused));
      return;
    case 'late':
      el.replaceChildren(h('p', { class: 'rate-lead' }, t(
        'Đã quá 24 giờ kể từ khi hoàn thành, phiếu này không còn đánh giá được. Cảm ơn Ông/Bà!',
        'More than 24 hours have passed since the service; this ticket can no longer be rated. Thank you!')));
      return;
  }
}
