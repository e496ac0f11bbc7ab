// admin-center.js: the "Trung tâm" section: the center's name, contacts,
// the notice the lobby board shows, the ticket's thank-you line and the
// online-filing guidance.

import { api, t } from './common.js';
import { h, field, submitting, sectionHead, toast } from './admin-ui.js';

// FIELDS of the settings edited here: API name, labels, input kind, hint.
const FIELDS = [
  { name: 'center_name', vi: 'Tên trung tâm', en: 'Center name', max: 200 },
  { name: 'address', vi: 'Địa chỉ', en: 'Address', max: 300 },
  { name: 'phone', vi: 'Số điện thoại', en: 'Phone', max: 40 },
  { name: 'notice', vi: 'Thông báo trên màn hình sảnh', en: 'Notice on the lobby board', area: 3, max: 1000,
    hintVi: 'Chạy chữ ở cuối màn hình sảnh; cập nhật ngay khi lưu.', hintEn: 'Scrolls at the bottom of the lobby board; updated as soon as it is saved.' },
  { name: 'ticket_footer', vi: 'Lời cảm ơn in trên phiếu', en: 'Thank-you line on the ticket', max: 200 },
  { name: 'portal_url', vi: 'Địa chỉ Cổng dịch vụ công', en: 'Public-service portal address', max: 500,
    hintVi: 'Ví dụ https://dichvucong.gov.vn', hintEn: 'For example https://dichvucong.gov.vn' },
  { name: 'online_guide', vi: 'Hướng dẫn nộp hồ sơ trực tuyến', en: 'Online filing guidance', area: 4, max: 2000 },
  { name: 'map_url', vi: 'Địa chỉ bản đồ', en: 'Map address', max: 500,
    hintVi: 'Đường dẫn bản đồ chỉ đường đến trung tâm (không bắt buộc).', hintEn: 'A map link to the center (optional).' },
  { name: 'zone', vi: 'Múi giờ', en: 'Time zone', max: 64,
    hintVi: 'Mặc định Asia/Ho_Chi_Minh.', hintEn: 'Default Asia/Ho_Chi_Minh.' },
];

/** renderCenter fills el with the center form. */
export async function renderCenter(el, ctx) {
  let saved = await api('GET', '/api/v1/admin/settings');
  const inputs = {};
  const form = h('form', { class: 'card form-grid', novalidate: true, id: 'center-form' });
  for (const f of FIELDS) {
    const input = f.area
      ? h('textarea', { rows: String(f.area), maxlength: String(f.max + 50) })
      : h('input', { type: 'text', maxlength: String(f.max + 50), spellcheck: f.name.endsWith('url') ? 'false' : null });
    input.value = saved[f.name] || '';
    inputs[f.name] = input;
    const fl = field(t(f.vi, f.en), input, f.name, f.hintVi ? t(f.hintVi, f.hintEn) : null);
    if (f.area || f.name === 'center_name') fl.classList.add('span2');
    form.append(fl);
  }
  form.append(h('div', { class: 'actions span2' },
    h('button', { type: 'submit', class: 'btn primary' }, t('Lưu thay đổi', 'Save changes')),
    h('button', { type: 'reset', class: 'btn', onclick: (ev) => { ev.preventDefault(); fill(); } }, t('Hoàn tác', 'Undo'))));

  function fill() {
    for (const f of FIELDS) inputs[f.name].value = saved[f.name] || '';
  }

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const patch = {};
    for (const f of FIELDS) {
      if (inputs[f.name].value !== (saved[f.name] || '')) patch[f.name] = inputs[f.name].value;
    }
    if (Object.keys(patch).length === 0) {
      toast(t('Không có gì thay đổi.', 'Nothing changed.'), 'info');
      return;
    }
    const out = await submitting(form, ctx, () => api('PUT', '/api/v1/admin/settings', patch),
      t('Đã lưu. Màn hình sảnh và máy lấy số cập nhật ngay.', 'Saved. The lobby board and the kiosk update at once.'));
    if (out) {
      saved = out;
      fill();
      ctx.setCenter(out.center_name);
    }
  });

  const side = h('aside', { class: 'card side-card' },
    h('h3', {}, t('Bản thông báo A4', 'A4 notice')),
    h('p', {}, t('Bản in khổ A4 giờ làm việc, "Giờ thứ 9" và hướng dẫn nộp hồ sơ trực tuyến, để dán tại trung tâm.',
      'A printable A4 page with the hours, the "9th hour" and the online-filing guidance, to post at the center.')),
    h('a', { class: 'btn', href: '/api/v1/notice.pdf', target: '_blank', rel: 'noopener', id: 'notice-pdf' },
      t('Mở bản thông báo (PDF)', 'Open the notice (PDF)')),
    h('h3', {}, t('Ghi chú', 'Notes')),
    h('ul', {},
      h('li', {}, t('Thông báo và tên trung tâm hiện ngay trên màn hình sảnh, không cần khởi động lại.',
        'The notice and the center name show on the lobby board at once, without a restart.')),
      h('li', {}, t('Lời cảm ơn in ở cuối mỗi phiếu số thứ tự.', 'The thank-you line is printed at the foot of every ticket.')),
      h('li', {}, t('Giờ làm việc và ngày nghỉ: mục "Lịch làm việc".', 'Hours and holidays: see "Schedule".'))),
  );

  el.replaceChildren(
    sectionHead(t('Trung tâm', 'Center'), t('Thông tin chung của trung tâm, hiện trên màn hình sảnh, phiếu số và trang công khai.',
      'The center\'s details, shown on the lobby board, the tickets and the public page.')),
    h('div', { class: 'two-col' }, form, side),
  );
}
