// admin-counters.js: the "Quầy" section: counters, their numbers and names,
// and the services each serves in its order of preference (the first is
// called first when several wait equally long).

import { api, t } from './common.js';
import { h, field, submitting, sectionHead, confirmDanger, report, toast, num, same } from './admin-ui.js';

/**
 * servicePicker is a reorderable multi-select: the chosen services in
 * order, each with up, down and remove, and a list to add from. It returns
 * the element and a function giving the chosen ids.
 */
export function servicePicker(services, chosen) {
  let ids = chosen.slice();
  const name = (id) => {
    const s = services.find((x) => x.id === id);
    if (!s) return id;
    return `${s.prefix} · ${s.name}${s.active ? '' : t(' (đã ngừng)', ' (inactive)')}`;
  };
  const listEl = h('ol', { class: 'picklist', id: 'counter-services' });
  const select = h('select', { 'aria-label': t('Lĩnh vực để thêm', 'Service to add'), id: 'counter-service-add' });
  const addBtn = h('button', { type: 'button', class: 'btn small', id: 'counter-service-add-btn' }, t('Thêm vào quầy', 'Add to counter'));
  const box = h('div', { class: 'picker', dataset: { field: 'services' } }, listEl, h('div', { class: 'picker-add' }, select, addBtn));

  function draw() {
    listEl.replaceChildren(...ids.map((id, i) => h('li', { dataset: { service: id } },
      h('span', { class: 'rank' }, String(i + 1)),
      h('span', { class: 'pick-name' }, name(id)),
      h('button', { type: 'button', class: 'icon', title: t('Ưu tiên hơn', 'Higher'), 'aria-label': t('Lên', 'Up'), disabled: i === 0,
        onclick: () => { [ids[i - 1], ids[i]] = [ids[i], ids[i - 1]]; draw(); } }, '▲'),
      h('button', { type: 'button', class: 'icon', title: t('Ưu tiên thấp hơn', 'Lower'), 'aria-label': t('Xuống', 'Down'), disabled: i === ids.length - 1,
        onclick: () => { [ids[i + 1], ids[i]] = [ids[i], ids[i + 1]]; draw(); } }, '▼'),
      h('button', { type: 'button', class: 'icon remove', title: t('Bỏ', 'Remove'), 'aria-label': t('Bỏ', 'Remove'),
        onclick: () => { ids.splice(i, 1); draw(); } }, '✕'))));
    if (ids.length === 0) listEl.append(h('li', { class: 'empty' }, t('Chưa chọn lĩnh vực nào.', 'No service chosen.')));
    const rest = services.filter((s) => !ids.includes(s.id));
    select.replaceChildren(...rest.map((s) => h('option', { value: s.id }, name(s.id))));
    select.disabled = addBtn.disabled = rest.length === 0;
  }
  addBtn.addEventListener('click', () => {
    if (select.value) { ids.push(select.value); draw(); }
  });
  draw();
  return { el: box, value: () => ids.slice() };
}

/** renderCounters fills el with the counters and their form. */
export async function renderCounters(el, ctx) {
  let [list, services] = await Promise.all([api('GET', '/api/v1/admin/counters'), api('GET', '/api/v1/admin/services')]);
  let editing = null;
  const table = h('table', { class: 'grid', id: 'counters-table' });
  const formCard = h('div', { class: 'card form-card' });
  const sname = (id) => (services.find((s) => s.id === id) || { name: id }).name;

  function renderTable() {
    table.replaceChildren(
      h('thead', {}, h('tr', {},
        h('th', {}, t('Quầy', 'Counter')), h('th', {}, t('Tên', 'Name')),
        h('th', {}, t('Lĩnh vực phục vụ (theo thứ tự ưu tiên)', 'Services (in order of preference)')),
        h('th', {}, t('Trạng thái', 'Status')), h('th', {}, ''))),
      h('tbody', {}, list.map((c) => h('tr', { dataset: { counter: c.id } },
        h('td', { class: 'num big' }, String(c.number)),
        h('td', {}, h('strong', {}, c.name), h('br'), h('small', { class: 'muted' }, c.id)),
        h('td', {}, h('ol', { class: 'inline-list' }, c.services.map((id) => h('li', {}, sname(id))))),
        h('td', {}, c.open ? h('span', { class: 'pill ok' }, t('Đang mở', 'Open')) : h('span', { class: 'pill off' }, t('Đóng', 'Closed'))),
        h('td', { class: 'row-actions' },
          h('button', { type: 'button', class: 'btn small', onclick: () => { editing = c; renderForm(); }, dataset: { act: 'edit' } }, t('Sửa', 'Edit')),
          h('button', { type: 'button', class: 'btn small danger', onclick: () => remove(c), dataset: { act: 'delete' } }, t('Xóa', 'Delete')))))));
  }

  async function reload() {
    list = await api('GET', '/api/v1/admin/counters');
    renderTable();
  }

  async function remove(c) {
    const ok = await confirmDanger(t('Xóa quầy?', 'Delete the counter?'),
      t(`Xóa ${c.name}? Các số đã phục vụ tại quầy vẫn còn trong báo cáo. Không xóa được khi quầy đang phục vụ một số.`,
        `Delete ${c.name}? Tickets served there stay in the reports. A counter serving a ticket cannot be deleted.`),
      t('Xóa quầy', 'Delete'));
    if (!ok) return;
    try {
      await api('DELETE', `/api/v1/admin/counters/${encodeURIComponent(c.id)}`);
      toast(t(`Đã xóa ${c.name}.`, `${c.name} deleted.`));
      if (editing && editing.id === c.id) { editing = null; renderForm(); }
    } catch (err) {
      report(err, ctx);
    }
    await reload();
  }

  function renderForm() {
    const c = editing || { number: '', name: '', services: [] };
    const number = h('input', { type: 'number', min: '1', max: '999', value: String(c.number), class: 'short' });
    const name = h('input', { type: 'text', value: c.name, maxlength: '100', placeholder: t('mặc định: Quầy + số', 'default: Quầy + number') });
    const picker = servicePicker(services, c.services);
    const pickerField = h('div', { class: 'field', dataset: { field: 'services' } },
      h('label', {}, t('Lĩnh vực phục vụ, theo thứ tự ưu tiên', 'Services served, in order of preference')),
      picker.el,
      h('p', { class: 'hint' }, t('Khi nhiều lĩnh vực cùng có người chờ lâu như nhau, quầy gọi lĩnh vực đứng trước.',
        'When several services have waited equally long, the counter calls the one listed first.')));
    picker.el.removeAttribute('data-field');
    const form = h('form', { novalidate: true, id: 'counter-form' },
      h('h3', {}, editing ? t(`Sửa ${editing.name}`, `Edit ${editing.name}`) : t('Thêm quầy', 'Add a counter')),
      h('div', { class: 'row2' },
        field(t('Số quầy', 'Number'), number, 'number'),
        field(t('Tên quầy', 'Name'), name, 'name')),
      pickerField,
      h('div', { class: 'actions' },
        h('button', { type: 'submit', class: 'btn primary' }, editing ? t('Lưu', 'Save') : t('Thêm quầy', 'Add counter')),
        editing ? h('button', { type: 'button', class: 'btn', onclick: () => { editing = null; renderForm(); } }, t('Hủy', 'Cancel')) : null));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const vals = { number: num(number), name: name.value, services: picker.value() };
      const body = {};
      if (editing) {
        for (const [k, v] of Object.entries(vals)) if (v !== undefined && !same(v, editing[k])) body[k] = v;
        if (Object.keys(body).length === 0) {
          toast(t('Không có gì thay đổi.', 'Nothing changed.'), 'info');
          return;
        }
      } else {
        for (const [k, v] of Object.entries(vals)) if (v !== undefined && v !== '') body[k] = v;
      }
      const out = await submitting(form, ctx, () => editing
        ? api('PUT', `/api/v1/admin/counters/${encodeURIComponent(editing.id)}`, body)
        : api('POST', '/api/v1/admin/counters', body),
      editing ? t('Đã lưu quầy.', 'Counter saved.') : t('Đã thêm quầy.', 'Counter added.'));
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
    sectionHead(t('Quầy', 'Counters'), t('Mỗi quầy phục vụ một hoặc nhiều lĩnh vực; cán bộ mở quầy trên trang quầy giao dịch.',
      'Each counter serves one or more services; officers open it on the counter console.')),
    h('div', { class: 'two-col wide-left' }, h('div', { class: 'card table-card' }, table), formCard),
  );
}
