// admin-services.js: the "Lĩnh vực" section: add and edit services, move
// them up and down on the kiosk, deactivate and reactivate them.

import { api, t } from './common.js';
import { h, field, submitting, sectionHead, confirmDanger, report, toast, num } from './admin-ui.js';

/** formatNumber mirrors queue.FormatNumber for the preview. */
export function formatNumber(prefix, n, digits) {
  return (prefix || '?') + String(n).padStart(digits || 1, '0');
}

/** renderServices fills el with the service list and its form. */
export async function renderServices(el, ctx) {
  let list = await api('GET', '/api/v1/admin/services');
  let editing = null; // the service being edited, null when adding

  const table = h('table', { class: 'grid', id: 'services-table' });
  const formCard = h('div', { class: 'card form-card' });

  function renderTable() {
    const rows = list.map((s, i) => h('tr', { dataset: { service: s.id }, class: s.active ? '' : 'inactive' },
      h('td', { class: 'order' },
        h('button', { type: 'button', class: 'icon', title: t('Lên', 'Up'), 'aria-label': t('Lên', 'Up'),
          disabled: i === 0, onclick: () => move(i, -1), dataset: { act: 'up' } }, '▲'),
        h('button', { type: 'button', class: 'icon', title: t('Xuống', 'Down'), 'aria-label': t('Xuống', 'Down'),
          disabled: i === list.length - 1, onclick: () => move(i, 1), dataset: { act: 'down' } }, '▼')),
      h('td', {}, h('span', { class: 'prefix' }, s.prefix)),
      h('td', {}, h('strong', {}, s.name), h('br'), h('small', { class: 'muted' }, s.id)),
      h('td', { class: 'num' }, formatNumber(s.prefix, s.first_number, s.digits)),
      h('td', { class: 'num' }, s.daily_cap ? String(s.daily_cap) : t('Không giới hạn', 'No limit')),
      h('td', {}, s.active
        ? h('span', { class: 'pill ok' }, t('Đang dùng', 'Active'))
        : h('span', { class: 'pill off' }, t('Đã ngừng', 'Inactive'))),
      h('td', { class: 'row-actions' },
        h('button', { type: 'button', class: 'btn small', onclick: () => edit(s), dataset: { act: 'edit' } }, t('Sửa', 'Edit')),
        s.active
          ? h('button', { type: 'button', class: 'btn small danger', onclick: () => deactivate(s), dataset: { act: 'deactivate' } }, t('Ngừng', 'Deactivate'))
          : h('button', { type: 'button', class: 'btn small', onclick: () => reactivate(s), dataset: { act: 'reactivate' } }, t('Dùng lại', 'Reactivate'))),
    ));
    table.replaceChildren(
      h('thead', {}, h('tr', {},
        h('th', {}, t('Thứ tự', 'Order')), h('th', {}, t('Ký hiệu', 'Prefix')), h('th', {}, t('Lĩnh vực', 'Service')),
        h('th', {}, t('Số đầu tiên', 'First number')), h('th', {}, t('Tối đa/ngày', 'Daily cap')),
        h('th', {}, t('Trạng thái', 'Status')), h('th', {}, ''))),
      h('tbody', {}, rows));
  }

  async function reload() {
    list = await api('GET', '/api/v1/admin/services');
    renderTable();
  }

  // move swaps service i with its neighbour and renumbers the kiosk order
  // 1..n, saving only the services whose order changed.
  async function move(i, dir) {
    const next = list.slice();
    [next[i], next[i + dir]] = [next[i + dir], next[i]];
    try {
      for (let k = 0; k < next.length; k++) {
        if (next[k].order !== k + 1) await api('PUT', `/api/v1/admin/services/${encodeURIComponent(next[k].id)}`, { order: k + 1 });
      }
      toast(t('Đã đổi thứ tự trên máy lấy số.', 'Kiosk order changed.'));
    } catch (err) {
      report(err, ctx);
    }
    await reload();
  }

  async function deactivate(s) {
    const ok = await confirmDanger(t('Ngừng lĩnh vực?', 'Deactivate the service?'),
      t(`Lĩnh vực «${s.name}» sẽ không còn trên máy lấy số. Các số đang chờ vẫn được gọi và phục vụ bình thường. Có thể dùng lại sau.`,
        `“${s.name}” will no longer be on the kiosk. Tickets already waiting are still called and served. You can reactivate it later.`),
      t('Ngừng lĩnh vực', 'Deactivate'));
    if (!ok) return;
    try {
      await api('DELETE', `/api/v1/admin/services/${encodeURIComponent(s.id)}`);
      toast(t(`Đã ngừng «${s.name}».`, `“${s.name}” deactivated.`));
    } catch (err) {
      report(err, ctx);
    }
    await reload();
  }

  async function reactivate(s) {
    try {
      await api('PUT', `/api/v1/admin/services/${encodeURIComponent(s.id)}`, { active: true });
      toast(t(`«${s.name}» đã có lại trên máy lấy số.`, `“${s.name}” is back on the kiosk.`));
    } catch (err) {
      report(err, ctx);
    }
    await reload();
  }

  function edit(s) {
    editing = s;
    renderForm();
    formCard.scrollIntoView({ block: 'nearest' });
  }

  function renderForm() {
    const s = editing || { name: '', prefix: '', first_number: 1, digits: 3, daily_cap: 0, id: '' };
    const name = h('input', { type: 'text', value: s.name, maxlength: '160' });
    const prefix = h('input', { type: 'text', value: s.prefix, maxlength: '2', class: 'short upper', autocapitalize: 'characters', spellcheck: 'false', placeholder: 'A–Z' });
    const first = h('input', { type: 'number', value: String(s.first_number), min: '0', max: '9999', class: 'short' });
    const digits = h('input', { type: 'number', value: String(s.digits), min: '1', max: '6', class: 'short' });
    const cap = h('input', { type: 'number', value: String(s.daily_cap), min: '0', class: 'short' });
    const id = h('input', { type: 'text', value: s.id, spellcheck: 'false', readOnly: !!editing, placeholder: t('tự tạo từ tên', 'made from the name') });
    const preview = h('p', { class: 'preview', id: 'service-preview' });
    const update = () => {
      const n = Number(first.value) || 0;
      preview.textContent = t('Số đầu tiên trong ngày: ', 'First number of the day: ') +
        formatNumber(prefix.value.trim().toUpperCase(), n, Number(digits.value) || 1);
    };
    for (const i of [prefix, first, digits]) i.addEventListener('input', update);
    update();

    const form = h('form', { novalidate: true, id: 'service-form' },
      h('h3', {}, editing ? t(`Sửa lĩnh vực «${editing.name}»`, `Edit “${editing.name}”`) : t('Thêm lĩnh vực', 'Add a service')),
      field(t('Tên lĩnh vực', 'Service name'), name, 'name'),
      h('div', { class: 'row3' },
        field(t('Ký hiệu', 'Prefix'), prefix, 'prefix'),
        field(t('Số bắt đầu', 'First number'), first, 'first_number'),
        field(t('Số chữ số', 'Digits'), digits, 'digits')),
      field(t('Số phiếu tối đa mỗi ngày', 'Tickets a day at most'), cap, 'daily_cap', t('0 = không giới hạn', '0 = no limit')),
      field(t('Mã lĩnh vực', 'Service id'), id, 'id',
        editing ? t('Mã không đổi được.', 'The id cannot change.') : t('Chữ thường không dấu, số, gạch ngang; để trống để tự tạo.', 'Lower-case letters, digits, dashes; leave empty to make one.')),
      preview,
      h('div', { class: 'actions' },
        h('button', { type: 'submit', class: 'btn primary' }, editing ? t('Lưu', 'Save') : t('Thêm lĩnh vực', 'Add service')),
        editing ? h('button', { type: 'button', class: 'btn', onclick: () => { editing = null; renderForm(); } }, t('Hủy', 'Cancel')) : null),
    );
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const body = {};
      const vals = { name: name.value, prefix: prefix.value, first_number: num(first), digits: num(digits), daily_cap: num(cap) };
      if (editing) {
        for (const [k, v] of Object.entries(vals)) if (v !== undefined && v !== editing[k]) body[k] = v;
        if (Object.keys(body).length === 0) {
          toast(t('Không có gì thay đổi.', 'Nothing changed.'), 'info');
          return;
        }
      } else {
        for (const [k, v] of Object.entries(vals)) if (v !== undefined) body[k] = v;
        if (id.value.trim()) body.id = id.value.trim();
      }
      const out = await submitting(form, ctx, () => editing
        ? api('PUT', `/api/v1/admin/services/${encodeURIComponent(editing.id)}`, body)
        : api('POST', '/api/v1/admin/services', body),
      editing ? t('Đã lưu. Máy lấy số và màn hình sảnh cập nhật ngay.', 'Saved. The kiosk and the board update at once.')
        : t(`Đã thêm «${name.value.trim()}». Lĩnh vực có ngay trên máy lấy số.`, `“${name.value.trim()}” added; it is on the kiosk now.`));
      if (out) {
        editing = null;
        renderForm();
        await reload();
      }
    });
    formCard.replaceChildren(form);
  }

  renderTable();
  renderForm();
  el.replaceChildren(
    sectionHead(t('Lĩnh vực', 'Services'),
      t('Các lĩnh vực trên máy lấy số, theo thứ tự hiển thị. Ký hiệu là chữ cái đầu của số thứ tự (A001).',
        'The services on the kiosk, in display order. The prefix is the letter of the ticket number (A001).')),
    h('div', { class: 'two-col wide-left' }, h('div', { class: 'card table-card' }, table), formCard),
  );
}
