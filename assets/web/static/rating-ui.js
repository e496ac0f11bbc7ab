// rating-ui.js: the citizen's rating, the same on the counter's tablet
// (/rate) and on the phone (/t/{token}): four large faces with words; at 2
// or below, the reasons and an optional comment. Faces are drawn in SVG, so
// no emoji font is needed on the TV or the tablet.

import { ratingText, reasonText, t, WORDS } from './common.js';
import { h } from './dom.js';

/** LEVELS are the ratings of the server, best first, as the pages show them. */
export const LEVELS = WORDS.ratings;

/** REASONS are the reason codes of the server with their words. */
export const REASONS = WORDS.reasons;

/** MAX_COMMENT is the longest comment the API takes, in characters. */
export const MAX_COMMENT = 500;

/** levelText is the word of a rating. */
export const levelText = ratingText;

export { reasonText };

const SVG = 'http://www.w3.org/2000/svg';

function svg(tag, attrs) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  return el;
}

// Each face: its colour and its mouth (and brows for the unhappy one).
const FACES = {
  4: { fill: '#2f9e44', mouth: { d: 'M27 57 Q50 88 73 57 Z', fill: '#1b2a1e', stroke: '#1b2a1e' } },
  3: { fill: '#8bc34a', mouth: { d: 'M31 61 Q50 78 69 61', fill: 'none', stroke: '#1b2a1e' } },
  2: { fill: '#f2b705', mouth: { d: 'M33 66 L67 66', fill: 'none', stroke: '#2a2208' } },
  1: { fill: '#e8590c', mouth: { d: 'M31 73 Q50 56 69 73', fill: 'none', stroke: '#2a1208' },
    brows: ['M26 30 L42 35', 'M74 30 L58 35'] },
};

/** face draws the face of a rating as an SVG element. */
export function face(rating) {
  const f = FACES[rating];
  const el = svg('svg', { viewBox: '0 0 100 100', class: `face face-${rating}`, 'aria-hidden': 'true', focusable: 'false' });
  el.append(svg('circle', { cx: 50, cy: 50, r: 46, fill: f.fill, stroke: 'rgba(0,0,0,.25)', 'stroke-width': 3 }));
  el.append(svg('circle', { cx: 35, cy: 42, r: 6, fill: '#1b1b1b' }));
  el.append(svg('circle', { cx: 65, cy: 42, r: 6, fill: '#1b1b1b' }));
  for (const d of f.brows || []) {
    el.append(svg('path', { d, stroke: '#1b1b1b', 'stroke-width': 5, 'stroke-linecap': 'round', fill: 'none' }));
  }
  el.append(svg('path', { d: f.mouth.d, fill: f.mouth.fill, stroke: f.mouth.stroke, 'stroke-width': 6,
    'stroke-linecap': 'round', 'stroke-linejoin': 'round' }));
  return el;
}

/** checkMark draws the thank-you tick. */
export function checkMark() {
  const el = svg('svg', { viewBox: '0 0 100 100', class: 'check', 'aria-hidden': 'true', focusable: 'false' });
  el.append(svg('circle', { cx: 50, cy: 50, r: 46, fill: '#1a7f37' }));
  el.append(svg('path', { d: 'M28 52 L44 67 L73 36', fill: 'none', stroke: '#fff', 'stroke-width': 9,
    'stroke-linecap': 'round', 'stroke-linejoin': 'round' }));
  return el;
}

/**
 * ratingWidget builds the rating steps. A tap on 3 or 4 sends at once; 1
 * or 2 asks for reasons and a comment first, then "Gửi đánh giá" sends.
 * onSubmit({rating, reasons, comment}) sends it and may throw (the widget
 * becomes usable again); onActivity is told of every touch, so a page can
 * hold its idle timer. It returns {el, render, reset, step()}.
 */
export function ratingWidget({ onSubmit, onActivity = () => {} }) {
  const el = h('div', { class: 'rating', dataset: { step: 'choose' } });
  const st = { step: 'choose', rating: 0, reasons: new Set(), comment: '', sending: false };

  async function send() {
    if (st.sending) return;
    st.sending = true;
    sync();
    try {
      await onSubmit({
        rating: st.rating,
        reasons: st.rating <= 2 ? REASONS.map((r) => r.code).filter((c) => st.reasons.has(c)) : [],
        comment: st.rating <= 2 ? st.comment.trim() : '',
      });
    } finally {
      st.sending = false;
      sync();
    }
  }

  function choose(rating) {
    onActivity();
    if (st.sending) return;
    st.rating = rating;
    if (rating >= 3) {
      send();
      return;
    }
    st.step = 'reasons';
    render();
  }

  function chooseView() {
    return h('div', { class: 'levels', role: 'group', 'aria-label': t('Mức độ hài lòng', 'Satisfaction') },
      LEVELS.map((l) => h('button', {
        type: 'button', class: `level level-${l.rating}`, dataset: { rating: String(l.rating) },
        onclick: () => choose(l.rating),
      }, face(l.rating), h('span', { class: 'level-text' }, t(l.vi, l.en)))));
  }

  function reasonsView() {
    const count = h('span', { class: 'count' });
    const area = h('textarea', {
      id: 'rating-comment', class: 'comment', rows: '3', maxlength: String(MAX_COMMENT),
      placeholder: t('Góp ý thêm (không bắt buộc)', 'Anything else? (optional)'),
      oninput: (ev) => { st.comment = ev.target.value; onActivity(); showCount(); },
    });
    area.value = st.comment;
    function showCount() {
      const n = [...st.comment].length;
      count.textContent = `${n}/${MAX_COMMENT}`;
      count.classList.toggle('full', n >= MAX_COMMENT);
    }
    showCount();
    return h('div', { class: 'reasons-step' },
      h('div', { class: 'chosen' }, face(st.rating), h('span', {}, levelText(st.rating))),
      h('p', { class: 'ask' }, t('Ông/Bà chưa hài lòng về điều gì?', 'What did not satisfy you?'),
        h('small', {}, t(' (có thể chọn nhiều, không bắt buộc)', ' (choose any, optional)'))),
      h('div', { class: 'reasons', role: 'group' }, REASONS.map((r) => h('button', {
        type: 'button', class: 'reason', dataset: { reason: r.code }, 'aria-pressed': String(st.reasons.has(r.code)),
        onclick: (ev) => {
          onActivity();
          if (st.reasons.has(r.code)) st.reasons.delete(r.code); else st.reasons.add(r.code);
          ev.currentTarget.setAttribute('aria-pressed', String(st.reasons.has(r.code)));
        },
      }, h('span', { class: 'box', 'aria-hidden': 'true' }), t(r.vi, r.en)))),
      h('label', { class: 'comment-label', for: 'rating-comment' },
        h('span', {}, t('Ý kiến của Ông/Bà', 'Your comment')), count),
      area,
      h('div', { class: 'rating-actions' },
        h('button', { type: 'button', class: 'back', onclick: () => { onActivity(); st.step = 'choose'; render(); } },
          t('‹ Chọn lại', '‹ Back')),
        h('button', { type: 'button', class: 'send', onclick: () => { onActivity(); send(); } },
          t('Gửi đánh giá', 'Send'))),
    );
  }

  // sync reflects sending on the buttons without rebuilding (a rebuild
  // would lose the textarea's focus).
  function sync() {
    el.classList.toggle('sending', st.sending);
    for (const b of el.querySelectorAll('button')) b.disabled = st.sending;
    const area = el.querySelector('textarea');
    if (area) area.readOnly = st.sending;
  }

  function render() {
    el.dataset.step = st.step;
    el.replaceChildren(st.step === 'choose' ? chooseView() : reasonsView());
    sync();
  }

  function reset() {
    st.step = 'choose';
    st.rating = 0;
    st.reasons.clear();
    st.comment = '';
    st.sending = false;
    render();
  }

  render();
  return { el, render, reset, step: () => st.step };
}
