// admin-schedule.js: the "Lịch làm việc" section: the sessions of the
// working day (with the extended "Giờ thứ 9"), holidays, how early the
// kiosk stops issuing, and the always-open switch for demos.

import { api, t, hhmm, dateVN, WORDS } from './common.js';
import { h, submitting, sectionHead, toast, num, same, ask, isoToVN, vnToISO, tidyTime, clearErrors, showFieldError } from './admin-ui.js';

/** DAYS are the server's weekdays, with their short words. */
const DAYS = WORDS.weekdays.map((w) => ({ d: w.day, vi: w.short_vi, en: w.short_en }));

/** renderSchedule fills el with the schedule editor. */
export async function renderSchedule(el, ctx) {
  let saved = await api('GET', '/api/v1/admin/settings');
  // The sessions as edited: dates as the admin types them (dd/mm/yyyy).
  const editable = (list) => list.map((s) => ({ ...s, days: s.days.slice(), from: isoToVN(s.from), to: isoToVN(s.to) }));
  let sessions = editable(saved.sessions);
  let holidays = saved.holidays.slice();
  const form = h('form', { novalidate: true, id: 'schedule-form' });
  const status = h('div', { class: 'card status-card', id: 'kiosk-status' });

  async function showStatus() {
    try {
      const info = await api('GET', '/api/v1/info');
      const parts = [];
      if (info.session) parts.push(t(`Đang trong buổi «${info.session.name}» (${info.session.start}–${info.session.end}).`,
        `In session “${info.session.name}” (${info.session.start}–${info.session.end}).`));
      if (info.issuing) {
        parts.push(info.issuing_until
          ? t(`Máy lấy số đang cấp số đến ${hhmm(info.issuing_until)}.`, `The kiosk issues tickets until ${hhmm(info.issuing_until)}.`)
          : t('Máy lấy số đang cấp số (luôn mở).', 'The kiosk issues tickets (always open).'));
      } else {
        parts.push(t('Máy lấy số đang ngừng cấp số.', 'The kiosk is not issuing tickets now.'));
      }
      if (info.next_opening) parts.push(t(`Mở cửa lần tới: ${hhmm(info.next_opening)} ngày ${dateVN(info.next_opening)}.`,
        `Next opening: ${hhmm(info.next_opening)} on ${dateVN(info.next_opening)}.`));
      status.replaceChildren(h('h3', {}, t('Hiện tại', 'Now')), ...parts.map((p) => h('p', {}, p)));
    } catch (e) {
      status.replaceChildren();
    }
  }

  function sessionRow(s, i) {
    const f = (name) => `sessions[${i}].${name}`;
    const set = (k) => (ev) => { s[k] = ev.target.value; };
    return h('tr', { dataset: { field: `sessions[${i}]` }, class: s.extended ? 'extended' : '' },
      h('td', { dataset: { field: f('name') } },
        h('input', { type: 'text', value: s.name, maxlength: '60', 'aria-label': t('Tên buổi', 'Session name'), oninput: set('name') })),
      h('td', { dataset: { field: f('days') } }, h('div', { class: 'days' }, DAYS.map((d) => h('label', { class: 'day' },
        h('input', { type: 'checkbox', checked: s.days.includes(d.d), onchange: (ev) => {
          s.days = ev.target.checked ? [...s.days, d.d].sort((a, b) => a - b) : s.days.filter((x) => x !== d.d);
        } }), h('span', {}, t(d.vi, d.en)))))),
      h('td', { dataset: { field: f('start') } }, h('input', { type: 'text', class: 'time', value: s.start, maxlength: '5', placeholder: 'HH:MM',
        'aria-label': t('Bắt đầu', 'Start'), oninput: set('start') })),
      h('td', { dataset: { field: f('end') } }, h('input', { type: 'text', class: 'time', value: s.end, maxlength: '5', placeholder: 'HH:MM',
        'aria-label': t('Kết thúc', 'End'), oninput: set('end') })),
      h('td', { dataset: { field: f('from') } }, h('input', { type: 'text', class: 'date', value: isoToVN(s.from), maxlength: '10',
        placeholder: t('dd/mm/yyyy', 'dd/mm/yyyy'), 'aria-label': t('Từ ngày', 'From'), oninput: set('from') })),
      h('td', { dataset: { field: f('to') } }, h('input', { type: 'text', class: 'date', value: isoToVN(s.to), maxlength: '10',
        placeholder: t('dd/mm/yyyy', 'dd/mm/yyyy'), 'aria-label': t('Đến ngày', 'To'), oninput: set('to') })),
      h('td', { class: 'center' }, h('label', { class: 'check' }, h('input', { type: 'checkbox', checked: s.extended,
        'aria-label': t('Giờ thứ 9 (mở rộng)', 'Extended hour'),
        onchange: (ev) => { s.extended = ev.target.checked; ev.target.closest('tr').classList.toggle('extended', s.extended); } }))),
      h('td', {}, h('button', { type: 'button', class: 'icon remove', title: t('Xóa buổi', 'Remove session'), 'aria-label': t('Xóa buổi', 'Remove session'),
        onclick: async () => {
          const ok = await ask({ title: t('Xóa buổi làm việc?', 'Remove the session?'),
            text: t(`Xóa buổi «${s.name}» khỏi lịch? Thay đổi chỉ có hiệu lực khi bấm "Lưu lịch".`,
              `Remove “${s.name}”? It takes effect when you press "Save schedule".`), ok: t('Xóa', 'Remove'), danger: true });
          if (ok) { sessions.splice(i, 1); draw(); }
        } }, '✕')),
    );
  }

  function holidayChips() {
    return h('ul', { class: 'chips', id: 'holidays' }, holidays.length === 0
      ? h('li', { class: 'muted' }, t('Chưa có ngày nghỉ nào.', 'No holidays yet.'))
      : holidays.map((d, i) => h('li', { class: 'chip' }, dateVN(`${d}T12:00:00+07:00`) === 'Invalid Date' ? d : dateVN(`${d}T12:00:00+07:00`),
        h('button', { type: 'button', class: 'icon', 'aria-label': t('Bỏ ngày nghỉ', 'Remove holiday'), onclick: () => { holidays.splice(i, 1); draw(); } }, '✕'))));
  }

  const stop = h('input', { type: 'number', min: '0', max: '120', value: String(saved.stop_minutes), class: 'short', id: 'stop-minutes' });
  const always = h('input', { type: 'checkbox', checked: saved.always_open, id: 'always-open' });
  const newHoliday = h('input', { type: 'text', class: 'date', id: 'holiday-new', maxlength: '10', placeholder: 'dd/mm/yyyy',
    'aria-label': t('Ngày nghỉ mới', 'New holiday') });

  function draw() {
    form.replaceChildren(
      h('div', { class: 'card' },
        h('h3', {}, t('Các buổi làm việc', 'Sessions')),
        h('p', { class: 'hint' }, t('Các buổi liền nhau (16:30 kết thúc buổi chiều, 16:30 bắt đầu "Giờ thứ 9") tính là một lần mở cửa. Để trống ngày để áp dụng mọi ngày.',
          'Sessions that touch (16:30 end, 16:30 start) form one opening. Leave the dates empty to apply every week.')),
        h('div', { class: 'scroll-x' }, h('table', { class: 'grid sessions', id: 'sessions-table', dataset: { field: 'sessions' } },
          h('thead', {}, h('tr', {},
            h('th', {}, t('Tên buổi', 'Name')), h('th', {}, t('Ngày trong tuần', 'Weekdays')),
            h('th', {}, t('Bắt đầu', 'Start')), h('th', {}, t('Kết thúc', 'End')),
            h('th', {}, t('Từ ngày', 'From')), h('th', {}, t('Đến ngày', 'To')),
            h('th', {}, t('Giờ thứ 9', 'Extended')), h('th', {}, ''))),
          h('tbody', {}, sessions.map(sessionRow)))),
        h('button', { type: 'button', class: 'btn small', id: 'session-add', onclick: () => {
          sessions.push({ name: '', days: [1, 2, 3, 4, 5], start: '', end: '', from: '', to: '', extended: false });
          draw();
          form.querySelector('#sessions-table tbody tr:last-child input').focus();
        } }, t('+ Thêm buổi', '+ Add session'))),
      h('div', { class: 'two-col even' },
        h('div', { class: 'card' },
          h('h3', {}, t('Ngày nghỉ', 'Holidays')),
          h('p', { class: 'hint' }, t('Trung tâm đóng cửa cả ngày, máy lấy số không cấp số.', 'The center is closed all day; the kiosk issues nothing.')),
          h('div', { dataset: { field: 'holidays' } }, holidayChips()),
          h('div', { class: 'with-btn' }, newHoliday,
            h('button', { type: 'button', class: 'btn small', id: 'holiday-add', onclick: () => {
              const v = vnToISO(newHoliday.value);
              if (v === null) {
                clearErrors(form);
                showFieldError(form, 'holidays', t(`Ngày nghỉ «${newHoliday.value}» không hợp lệ: nhập theo dạng dd/mm/yyyy, ví dụ 30/04/2026.`,
                  `Holiday “${newHoliday.value}” is not a date: type it as dd/mm/yyyy, e.g. 30/04/2026.`));
                return;
              }
              if (v && !holidays.includes(v)) { holidays.push(v); holidays.sort(); }
              newHoliday.value = '';
              draw();
              form.querySelector('#holiday-new').focus();
            } }, t('Thêm ngày nghỉ', 'Add holiday')))),
        h('div', { class: 'card' },
          h('h3', {}, t('Cấp số', 'Issuing')),
          h('div', { class: 'field', dataset: { field: 'stop_minutes' } },
            h('label', { for: 'stop-minutes' }, t('Ngừng cấp số trước giờ kết thúc (phút)', 'Stop issuing before closing (minutes)')),
            stop,
            h('p', { class: 'hint' }, t('Để công dân lấy số cuối cùng vẫn kịp được phục vụ. Mặc định 10 phút.', 'So the last citizen can still be served. Default 10 minutes.'))),
          h('div', { class: 'field switch-field', dataset: { field: 'always_open' } },
            h('label', { class: 'switch', for: 'always-open' }, always, h('span', {}, t('Luôn cấp số, mọi giờ (chỉ dùng khi trình diễn)', 'Always issue, at any hour (demos only)'))),
            h('p', { class: 'hint warn' }, t('Khi bật, máy lấy số bỏ qua lịch làm việc và ngày nghỉ.', 'When on, the kiosk ignores the schedule and the holidays.'))))),
      h('div', { class: 'actions sticky' },
        h('button', { type: 'submit', class: 'btn primary', id: 'schedule-save' }, t('Lưu lịch', 'Save schedule')),
        h('button', { type: 'button', class: 'btn', onclick: () => { reset(); draw(); } }, t('Hoàn tác', 'Undo'))),
    );
  }

  function reset() {
    sessions = editable(saved.sessions);
    holidays = saved.holidays.slice();
    stop.value = String(saved.stop_minutes);
    always.checked = saved.always_open;
  }

  // clean gives a session as the API takes it: ISO dates, none when empty.
  // A date that is no date stays as typed, for the API to refuse by name.
  const clean = (s, iso) => {
    const o = { name: s.name, days: s.days, start: tidyTime(s.start), end: tidyTime(s.end), extended: !!s.extended };
    const date = (v) => (iso ? v : vnToISO(v) ?? v);
    if (s.from) o.from = date(s.from);
    if (s.to) o.to = date(s.to);
    return o;
  };

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    for (const [i, s] of sessions.entries()) {
      for (const k of ['from', 'to']) {
        if (s[k] && vnToISO(s[k]) === null) {
          showFieldError(form, `sessions[${i}].${k}`, t(`Ngày «${s[k]}» không hợp lệ: nhập theo dạng dd/mm/yyyy, ví dụ 23/02/2026.`,
            `“${s[k]}” is not a date: type it as dd/mm/yyyy, e.g. 23/02/2026.`));
          return;
        }
      }
    }
    const patch = {};
    const list = sessions.map((s) => clean(s, false));
    if (!same(list, saved.sessions.map((s) => clean(s, true)))) patch.sessions = list;
    if (!same(holidays, saved.holidays)) patch.holidays = holidays;
    const m = num(stop);
    if (m !== saved.stop_minutes) patch.stop_minutes = m === undefined ? '' : m;
    if (always.checked !== saved.always_open) patch.always_open = always.checked;
    if (Object.keys(patch).length === 0) {
      toast(t('Không có gì thay đổi.', 'Nothing changed.'), 'info');
      return;
    }
    const out = await submitting(form, ctx, () => api('PUT', '/api/v1/admin/settings', patch),
      t('Đã lưu lịch. Máy lấy số áp dụng ngay.', 'Schedule saved. The kiosk applies it at once.'));
    if (out) {
      saved = out;
      reset();
      draw();
      showStatus();
    }
  });

  draw();
  showStatus();
  el.replaceChildren(
    sectionHead(t('Lịch làm việc', 'Schedule'),
      t('Giờ làm việc theo buổi, "Giờ thứ 9" (16:30–17:30), ngày nghỉ và giờ ngừng cấp số.',
        'Working hours by session, the "9th hour" (16:30–17:30), holidays and when issuing stops.')),
    status, form,
  );
}
