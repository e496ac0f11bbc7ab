// report.js: the "Báo cáo" section of the admin page. The admin page
// imports it on demand and calls mountReports(el) with an empty element:
// a date range (by default the "Giờ thứ 9" campaign, as the server decides
// from the schedule), the summary, a bar chart of the extended hour per
// day, the tables of every breakdown, and links to download CSV, XLSX and
// PDF. No library: the chart is an inline SVG.

import { api, isoDay, lang, ratingText, t, ZONE } from './common.js';
import { vnToISO } from './admin-ui.js';
import { el } from './dom.js';

const SVG = 'http://www.w3.org/2000/svg';

function locale() { return lang() === 'en' ? 'en-GB' : 'vi-VN'; }

function fmtInt(n) { return Number(n || 0).toLocaleString(locale()); }

function fmtDec(v) {
  if (v === null || v === undefined) return '–';
  return v.toLocaleString(locale(), { minimumFractionDigits: 1, maximumFractionDigits: 1 });
}

function fmtPct(v) {
  if (v === null || v === undefined) return '–';
  return (v * 100).toLocaleString(locale(), { minimumFractionDigits: 1, maximumFractionDigits: 1 }) + '%';
}

/** viDate writes YYYY-MM-DD as dd/mm/yyyy. */
function viDate(d) { return d ? `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}` : ''; }

/** stamp shows a moment as hh:mm dd/mm/yyyy in the center's zone. */
function stamp(iso) {
  const p = {};
  for (const x of new Intl.DateTimeFormat('en-GB', {
    timeZone: ZONE, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(new Date(iso))) p[x.type] = x.value;
  return `${p.hour}:${p.minute} ${p.day}/${p.month}/${p.year}`;
}

function loadStyle() {
  if (document.querySelector('link[data-report-css]')) return;
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = '/static/report.css';
  link.dataset.reportCss = '1';
  document.head.appendChild(link);
}

// The breakdowns, as tabs.
const TABS = [
  { key: 'summary', vi: 'Tổng hợp', en: 'Summary' },
  { key: 'by_session', vi: 'Theo buổi', en: 'By session', first: ['Buổi', 'Session'] },
  { key: 'by_service', vi: 'Theo lĩnh vực', en: 'By service', first: ['Lĩnh vực', 'Service'] },
  { key: 'by_counter', vi: 'Theo quầy', en: 'By counter', first: ['Quầy', 'Counter'] },
  { key: 'by_officer', vi: 'Theo cán bộ', en: 'By officer', first: ['Cán bộ', 'Officer'] },
  { key: 'by_day', vi: 'Theo ngày', en: 'By day', first: ['Ngày', 'Day'] },
  { key: 'satisfaction', vi: 'Mức độ hài lòng', en: 'Satisfaction' },
];

// The columns of a breakdown table.
const COLS = [
  ['Số phiếu', 'Tickets', (f) => fmtInt(f.issued)],
  ['Đã phục vụ', 'Served', (f) => fmtInt(f.served)],
  ['Vắng mặt', 'No-show', (f) => fmtInt(f.no_show)],
  ['Chuyển lĩnh vực', 'Transferred', (f) => fmtInt(f.transferred)],
  ['Hết hạn', 'Expired', (f) => fmtInt(f.expired)],
  ['Chờ TB (phút)', 'Mean wait (min)', (f) => fmtDec(f.wait_minutes.mean)],
  ['Chờ trung vị', 'Median wait', (f) => fmtDec(f.wait_minutes.median)],
  ['Chờ P90', 'P90 wait', (f) => fmtDec(f.wait_minutes.p90)],
  ['Phục vụ TB (phút)', 'Mean service (min)', (f) => fmtDec(f.service_minutes.mean)],
  ['Số đánh giá', 'Ratings', (f) => fmtInt(f.rated)],
  ['Hài lòng', 'Satisfied', (f) => fmtPct(f.satisfied_share)],
];

/**
 * mountReports fills el with the report section and loads the default
 * range. It returns the element.
 */
export function mountReports(root) {
  loadStyle();
  root.classList.add('rp');
  root.replaceChildren();

  const title = el('h2', 'rp-title', t("Báo cáo kết quả mô hình 'Giải quyết thủ tục hành chính giờ thứ 9'",
    "Results of the 'Hour 9' model (extended opening hour)"));
  const form = el('form', 'rp-form');
  form.noValidate = true;
  // Dates are typed dd/mm/yyyy: a native date input follows the browser's
  // locale (mm/dd/yyyy on an English Windows), not the center's.
  const dateIn = (name) => {
    const i = el('input');
    Object.assign(i, { type: 'text', name, id: `rp-${name}`, required: true, placeholder: 'dd/mm/yyyy', autocomplete: 'off', size: 10 });
    i.inputMode = 'numeric';
    return i;
  };
  const fromIn = dateIn('from');
  const toIn = dateIn('to');
  const fromLabel = el('label', null, t('Từ ngày', 'From')); fromLabel.htmlFor = 'rp-from';
  const toLabel = el('label', null, t('Đến ngày', 'To')); toLabel.htmlFor = 'rp-to';
  const view = el('button', 'rp-view', t('Xem báo cáo', 'Show report')); view.type = 'submit';
  const campaign = el('button', 'rp-preset', t('Đợt Giờ thứ 9', 'Hour 9 campaign')); campaign.type = 'button';
  const month = el('button', 'rp-preset', t('Tháng này', 'This month')); month.type = 'button';
  const fields = el('div', 'rp-fields');
  for (const [l, i] of [[fromLabel, fromIn], [toLabel, toIn]]) {
    const f = el('div', 'rp-field');
    f.append(l, i);
    fields.append(f);
  }
  fields.append(view, campaign, month);
  const downloads = el('div', 'rp-downloads');
  downloads.append(el('span', 'rp-dl-label', t('Tải về:', 'Download:')));
  const links = {};
  for (const [fmt, label] of [['pdf', 'PDF'], ['xlsx', 'Excel (XLSX)'], ['csv', 'CSV']]) {
    const a = el('a', 'rp-dl rp-dl-' + fmt, label);
    a.dataset.format = fmt;
    links[fmt] = a;
    downloads.append(a);
  }
  form.append(fields, downloads);

  const status = el('p', 'rp-status');
  status.setAttribute('role', 'status');
  const error = el('p', 'rp-error hidden');
  error.setAttribute('role', 'alert');
  const body = el('div', 'rp-body');
  root.append(title, form, status, error, body);

  let seq = 0;
  let current = null;
  let tab = 'summary';

  function setLinks(from, to) {
    for (const [fmt, a] of Object.entries(links)) {
      a.href = `/api/v1/reports?from=${from}&to=${to}&format=${fmt}`;
    }
  }

  async function load(from, to) {
    const my = ++seq;
    status.textContent = t('Đang tải báo cáo…', 'Loading the report…');
    error.classList.add('hidden');
    fromIn.removeAttribute('aria-invalid');
    toIn.removeAttribute('aria-invalid');
    const q = from || to ? `?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}` : '';
    try {
      const rep = await api('GET', '/api/v1/reports' + q);
      if (my !== seq) return;
      current = rep;
      fromIn.value = viDate(rep.from);
      toIn.value = viDate(rep.to);
      setLinks(rep.from, rep.to);
      status.textContent = t(`Từ ngày ${viDate(rep.from)} đến ngày ${viDate(rep.to)} · lập lúc `,
        `From ${viDate(rep.from)} to ${viDate(rep.to)} · made at `) +
        stamp(rep.generated_at);
      render();
    } catch (e) {
      if (my !== seq) return;
      status.textContent = '';
      error.textContent = e.message;
      error.classList.remove('hidden');
      if (e.field === 'from') fromIn.setAttribute('aria-invalid', 'true');
      if (e.field === 'to') toIn.setAttribute('aria-invalid', 'true');
    }
  }

  function render() {
    const rep = current;
    body.replaceChildren(cards(rep), el('p', 'rp-text', rep.summary_text), chart(rep), tabs(), table(rep));
  }

  function tabs() {
    const bar = el('div', 'rp-tabs');
    bar.setAttribute('role', 'tablist');
    for (const tb of TABS) {
      const b = el('button', 'rp-tab', t(tb.vi, tb.en));
      b.type = 'button';
      b.dataset.tab = tb.key;
      b.setAttribute('role', 'tab');
      b.setAttribute('aria-selected', String(tb.key === tab));
      b.addEventListener('click', () => { tab = tb.key; render(); });
      bar.append(b);
    }
    return bar;
  }

  function table(rep) {
    if (tab === 'satisfaction') return satisfaction(rep);
    const tb = TABS.find((x) => x.key === tab);
    if (tab === 'summary') {
      return breakdown([t('Nội dung', 'Item'), ''], [
        { ...rep.summary, name: t('Tổng cộng', 'Total') }, rep.procedures, rep.online,
      ], true);
    }
    return breakdown([t(tb.first[0], tb.first[1])], rep[tab], false, tab === 'by_session', rep.summary.total);
  }

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const from = vnToISO(fromIn.value);
    const to = vnToISO(toIn.value);
    const bad = [[from, fromIn], [to, toIn]].filter(([v]) => !v).map(([, i]) => i);
    if (bad.length) {
      for (const i of [fromIn, toIn]) {
        if (bad.includes(i)) i.setAttribute('aria-invalid', 'true');
        else i.removeAttribute('aria-invalid');
      }
      status.textContent = '';
      error.textContent = t('Ngày không hợp lệ: hãy nhập theo dạng ngày/tháng/năm, ví dụ 23/02/2026.',
        'Invalid date: type day/month/year, e.g. 23/02/2026.');
      error.classList.remove('hidden');
      bad[0].focus();
      return;
    }
    load(from, to);
  });
  campaign.addEventListener('click', () => load('', ''));
  month.addEventListener('click', () => {
    const now = isoDay(new Date());
    load(now.slice(0, 8) + '01', now);
  });
  load('', '');
  return root;
}

/** cards shows the main figures, with the extended hour beside them. */
function cards(rep) {
  const s = rep.summary.total;
  const x = rep.summary.extended;
  const wrap = el('div', 'rp-cards');
  const list = [
    [t('Số phiếu đã cấp', 'Tickets issued'), fmtInt(s.issued), t(`Giờ thứ 9: ${fmtInt(x.issued)}`, `Hour 9: ${fmtInt(x.issued)}`), 'issued'],
    [t('Đã phục vụ', 'Served'), fmtInt(s.served), t(`Giờ thứ 9: ${fmtInt(x.served)}`, `Hour 9: ${fmtInt(x.served)}`), 'served'],
    [t('Vắng mặt', 'No-shows'), fmtInt(s.no_show), t(`Chuyển lĩnh vực: ${fmtInt(s.transferred)}`, `Transferred: ${fmtInt(s.transferred)}`), 'noshow'],
    [t('Chờ trung bình (phút)', 'Mean wait (min)'), fmtDec(s.wait_minutes.mean),
      t(`Giờ thứ 9: ${fmtDec(x.wait_minutes.mean)}`, `Hour 9: ${fmtDec(x.wait_minutes.mean)}`), 'wait'],
    [t('Hướng dẫn nộp trực tuyến', 'Online filing guidance'), fmtInt(rep.online.total.issued),
      t(`Giờ thứ 9: ${fmtInt(rep.online.extended.issued)}`, `Hour 9: ${fmtInt(rep.online.extended.issued)}`), 'online'],
    [t('Tỷ lệ hài lòng', 'Satisfied'), fmtPct(s.satisfied_share),
      t(`${fmtInt(s.rated)} lượt đánh giá`, `${fmtInt(s.rated)} ratings`), 'satisfied'],
  ];
  for (const [label, value, sub, key] of list) {
    const c = el('div', 'rp-card');
    c.dataset.card = key;
    c.append(el('div', 'rp-card-label', label), el('div', 'rp-card-value', value), el('div', 'rp-card-sub', sub));
    wrap.append(c);
  }
  return wrap;
}

/** chart draws the extended-hour tickets per day as SVG bars. */
function chart(rep) {
  const fig = el('figure', 'rp-chart');
  fig.append(el('figcaption', null, t('Số phiếu trong Giờ thứ 9 (16:30–17:30) theo ngày',
    'Tickets in Hour 9 (16:30–17:30) per day')));
  const bars = rep.extended_by_day || [];
  if (bars.length === 0) {
    fig.append(el('p', 'rp-empty', t('Không có ngày nào có Giờ thứ 9 trong khoảng thời gian này.',
      'No day with Hour 9 in this range.')));
    return fig;
  }
  const W = 960, H = 260, left = 40, bottom = 28, top = 16;
  const plotW = W - left - 8, plotH = H - top - bottom;
  const peak = Math.max(1, ...bars.map((b) => Math.max(b.issued, b.served)));
  const step = niceStep(peak);
  const yMax = Math.ceil(peak / step) * step;
  const y = (v) => top + plotH - (v / yMax) * plotH;
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', fig.firstChild.textContent);
  const add = (tag, attrs, text) => {
    const e = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    svg.append(e);
    return e;
  };
  for (let v = 0; v <= yMax; v += step) {
    add('line', { x1: left, x2: W - 8, y1: y(v), y2: y(v), class: 'rp-grid' });
    add('text', { x: left - 6, y: y(v) + 4, class: 'rp-axis', 'text-anchor': 'end' }, fmtInt(v));
  }
  const gw = Math.min(plotW / bars.length, 60);
  const x0 = left + (plotW - gw * bars.length) / 2;
  const bw = gw * 0.36;
  const every = gw < 34 ? Math.ceil(34 / gw) : 1;
  bars.forEach((b, i) => {
    const gx = x0 + i * gw;
    const bx = gx + gw / 2 - bw;
    const r1 = add('rect', { x: bx, y: y(b.issued), width: bw, height: top + plotH - y(b.issued), class: 'rp-bar-issued' });
    const tip1 = document.createElementNS(SVG, 'title');
    tip1.textContent = `${viDate(b.day)} — ${t('cấp', 'issued')} ${fmtInt(b.issued)}`;
    r1.append(tip1);
    const r2 = add('rect', { x: bx + bw, y: y(b.served), width: bw, height: top + plotH - y(b.served), class: 'rp-bar-served' });
    const tip2 = document.createElementNS(SVG, 'title');
    tip2.textContent = `${viDate(b.day)} — ${t('đã phục vụ', 'served')} ${fmtInt(b.served)}`;
    r2.append(tip2);
    if (gw >= 22) add('text', { x: bx + bw / 2, y: y(b.issued) - 3, class: 'rp-value', 'text-anchor': 'middle' }, fmtInt(b.issued));
    if (i % every === 0) {
      add('text', { x: gx + gw / 2, y: H - 10, class: 'rp-axis', 'text-anchor': 'middle' }, viDate(b.day).slice(0, 5));
    }
  });
  add('line', { x1: left, x2: W - 8, y1: top + plotH, y2: top + plotH, class: 'rp-axis-line' });
  fig.append(svg);
  const legend = el('div', 'rp-legend');
  legend.append(el('span', 'rp-key rp-key-issued', t('Số phiếu cấp trong Giờ thứ 9', 'Tickets issued in Hour 9')),
    el('span', 'rp-key rp-key-served', t('Đã phục vụ xong', 'Served')));
  fig.append(legend);
  return fig;
}

function niceStep(peak) {
  const raw = Math.max(1, Math.ceil(peak / 5));
  for (let mag = 1; ; mag *= 10) {
    for (const m of [1, 2, 5]) if (m * mag >= raw) return m * mag;
  }
}

/**
 * breakdown renders rows with, under each, its extended-hour part; the
 * summary tab also shows the regular hours; a total row closes the others.
 */
function breakdown(first, rows, summary, sessions, total) {
  const wrap = el('div', 'rp-table-wrap');
  const tbl = el('table', 'rp-table');
  const head = el('tr');
  head.append(el('th', 'rp-name', first[0]));
  for (const [vi, en] of COLS) head.append(el('th', null, t(vi, en)));
  tbl.append(el('thead'));
  tbl.tHead.append(head);
  const tb = el('tbody');
  const line = (name, f, cls) => {
    const tr = el('tr', cls);
    tr.append(el('th', 'rp-name', name));
    for (const c of COLS) tr.append(el('td', null, c[2](f)));
    tb.append(tr);
  };
  for (const r of rows) {
    if (sessions) {
      line(r.name, r.total, r.extended_session ? 'rp-ext' : '');
      continue;
    }
    line(r.name, r.total, summary ? 'rp-main' : '');
    if (summary && r.key === 'all') line(t('Giờ hành chính', 'Regular hours'), r.regular, 'rp-sub');
    if (r.extended.issued > 0 || r.extended.served > 0 || summary) {
      line(t('trong đó Giờ thứ 9', 'of which Hour 9'), r.extended, 'rp-sub rp-ext');
    }
  }
  if (total) line(t('Cộng', 'Total'), total, 'rp-total');
  tbl.append(tb);
  wrap.append(tbl);
  return wrap;
}

/** satisfaction shows the levels, the rates, the reasons and comments. */
function satisfaction(rep) {
  const s = rep.summary;
  const sat = rep.satisfaction;
  const wrap = el('div', 'rp-table-wrap');
  const tbl = el('table', 'rp-table rp-sat');
  const head = el('tr');
  for (const [vi, en] of [['Mức đánh giá', 'Rating'], ['Tổng', 'Total'], ['Tỷ lệ', 'Share'],
    ['Giờ hành chính', 'Regular hours'], ['Tỷ lệ', 'Share'], ['Giờ thứ 9', 'Hour 9'], ['Tỷ lệ', 'Share']]) {
    head.append(el('th', null, t(vi, en)));
  }
  tbl.append(el('thead'));
  tbl.tHead.append(head);
  const tb = el('tbody');
  const share = (n, d) => (d ? n / d : null);
  for (const l of sat.levels) {
    const tr = el('tr');
    tr.append(el('th', 'rp-name', `${l.rating} – ${ratingText(l.rating)}`),
      el('td', null, fmtInt(l.total)), el('td', null, fmtPct(share(l.total, s.total.rated))),
      el('td', null, fmtInt(l.regular)), el('td', null, fmtPct(share(l.regular, s.regular.rated))),
      el('td', null, fmtInt(l.extended)), el('td', null, fmtPct(share(l.extended, s.extended.rated))));
    tb.append(tr);
  }
  const rateRow = (label, get, cls) => {
    const tr = el('tr', cls);
    tr.append(el('th', 'rp-name', label));
    for (const f of [s.total, s.regular, s.extended]) tr.append(el('td', null, ''), el('td', null, get(f)));
    tb.append(tr);
  };
  const rated = el('tr', 'rp-total');
  rated.append(el('th', 'rp-name', t('Số lượt đánh giá', 'Ratings')));
  for (const f of [s.total, s.regular, s.extended]) rated.append(el('td', null, fmtInt(f.rated)), el('td'));
  tb.append(rated);
  rateRow(t('Tỷ lệ đánh giá (trên số đã phục vụ)', 'Response rate (of served)'), (f) => fmtPct(f.response_rate), '');
  rateRow(t('Tỷ lệ hài lòng (mức 3 và 4)', 'Satisfied (levels 3 and 4)'), (f) => fmtPct(f.satisfied_share), 'rp-total');
  tbl.append(tb);
  wrap.append(tbl);

  const reasons = el('table', 'rp-table rp-reasons');
  const rh = el('tr');
  for (const [vi, en] of [['Lý do chưa hài lòng', 'Reason of a low rating'], ['Tổng', 'Total'], ['Giờ hành chính', 'Regular hours'], ['Giờ thứ 9', 'Hour 9']]) {
    rh.append(el('th', null, t(vi, en)));
  }
  reasons.append(el('thead'));
  reasons.tHead.append(rh);
  const rb = el('tbody');
  for (const r of sat.reasons) {
    const tr = el('tr');
    tr.append(el('th', 'rp-name', r.name), el('td', null, fmtInt(r.total)), el('td', null, fmtInt(r.regular)), el('td', null, fmtInt(r.extended)));
    rb.append(tr);
  }
  reasons.append(rb);
  wrap.append(reasons);

  if (sat.comments.length > 0) {
    wrap.append(el('h3', 'rp-sub-title', t('Góp ý gần đây kèm đánh giá chưa hài lòng', 'Recent comments with a low rating')));
    const ul = el('ul', 'rp-comments');
    for (const c of sat.comments) {
      const li = el('li');
      li.append(el('span', 'rp-comment-meta', `${viDate(c.day)} · ${c.service} · ${c.number} · ${t('mức', 'level')} ${c.rating}${c.extended ? ' · ' + t('Giờ thứ 9', 'Hour 9') : ''}`),
        el('q', null, c.text));
      ul.append(li);
    }
    wrap.append(ul);
  }
  return wrap;
}
