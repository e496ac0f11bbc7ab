// admin-backup.js: the "Sao lưu" section (download a consistent copy of the
// database, and how to restore it) and the "Nhật ký" section (the audit
// trail of every admin change: who, when, what).

import { api, t, hhmm, dateVN } from './common.js';
import { h, sectionHead, report, isoToVN } from './admin-ui.js';

/** renderBackup fills el with the backup download and the restore steps. */
export async function renderBackup(el) {
  const steps = [
    [t('Dừng dịch vụ xephang trên máy chủ.', 'Stop the xephang service on the server.'), 'sudo systemctl stop xephang'],
    [t('Giữ lại tệp dữ liệu hiện tại (đổi tên), rồi chép bản sao lưu vào đúng chỗ của nó.',
      'Keep the current data file (rename it), then copy the backup in its place.'),
    'mv /opt/xephang/data/xephang.db /opt/xephang/data/xephang.db.cu\ncp xephang-YYYYMMDD-HHMM.db /opt/xephang/data/xephang.db'],
    [t('Khởi động lại dịch vụ. Máy lấy số, màn hình sảnh và các quầy tự kết nối lại.',
      'Start the service again. The kiosk, the board and the counters reconnect by themselves.'), 'sudo systemctl start xephang'],
  ];
  el.replaceChildren(
    sectionHead(t('Sao lưu', 'Backup'), t('Tải về một bản sao đầy đủ, nhất quán của dữ liệu trong khi hệ thống vẫn phục vụ bình thường.',
      'Download a full, consistent copy of the data while the system keeps serving.')),
    h('div', { class: 'two-col even' },
      h('div', { class: 'card' },
        h('h3', {}, t('Tải bản sao lưu', 'Download a backup')),
        h('p', {}, t('Bản sao gồm lĩnh vực, quầy, cán bộ, lịch làm việc, toàn bộ phiếu số và đánh giá. Nên sao lưu cuối mỗi ngày và cất ở máy khác.',
          'It holds the services, counters, officers, schedule, every ticket and rating. Back up at the end of each day and keep the copy on another machine.')),
        h('p', { class: 'notice warn' }, t('Bản sao chứa mật khẩu đã mã hóa của cán bộ: hãy cất giữ cẩn thận. Mỗi lần tải được ghi vào nhật ký.',
          'The copy holds the officers\' hashed passwords: keep it safe. Every download is recorded in the audit log.')),
        h('a', { class: 'btn primary big', href: '/api/v1/admin/backup', download: '', id: 'backup-download' },
          t('⬇ Tải bản sao lưu (.db)', '⬇ Download backup (.db)'))),
      h('div', { class: 'card' },
        h('h3', {}, t('Khôi phục từ bản sao lưu', 'Restore from a backup')),
        h('ol', { class: 'steps' }, steps.map(([text, cmd]) => h('li', {}, h('p', {}, text), h('pre', {}, h('code', {}, cmd))))),
        h('p', { class: 'hint' }, t('Tệp dữ liệu mặc định là data/xephang.db (cờ --data). Không chép đè khi dịch vụ đang chạy.',
          'The data file is data/xephang.db by default (flag --data). Never copy over it while the service runs.')))),
  );
}

// ACTIONS names each audit action in both languages.
const ACTIONS = {
  'service.create': ['Thêm lĩnh vực', 'Service added'],
  'service.update': ['Sửa lĩnh vực', 'Service changed'],
  'service.deactivate': ['Ngừng lĩnh vực', 'Service deactivated'],
  'counter.create': ['Thêm quầy', 'Counter added'],
  'counter.update': ['Sửa quầy', 'Counter changed'],
  'counter.delete': ['Xóa quầy', 'Counter deleted'],
  'user.create': ['Thêm cán bộ', 'User added'],
  'user.update': ['Sửa cán bộ', 'User changed'],
  'user.password': ['Đặt lại mật khẩu', 'Password reset'],
  'user.deactivate': ['Khóa tài khoản', 'User deactivated'],
  'user.activate': ['Mở khóa tài khoản', 'User reactivated'],
  'settings.update': ['Sửa cài đặt', 'Settings changed'],
  'backup.download': ['Tải bản sao lưu', 'Backup downloaded'],
};

// LABELS names the fields that appear in the details.
const LABELS = {
  name: ['tên', 'name'], prefix: ['ký hiệu', 'prefix'], first_number: ['số bắt đầu', 'first number'],
  digits: ['số chữ số', 'digits'], daily_cap: ['tối đa/ngày', 'daily cap'], active: ['hoạt động', 'active'],
  order: ['thứ tự', 'order'], number: ['số quầy', 'number'], services: ['lĩnh vực', 'services'],
  username: ['tên đăng nhập', 'username'], display_name: ['họ tên', 'name'], role: ['vai trò', 'role'],
  counters: ['quầy', 'counters'], password: ['mật khẩu', 'password'], center_name: ['tên trung tâm', 'center name'],
  address: ['địa chỉ', 'address'], phone: ['điện thoại', 'phone'], notice: ['thông báo', 'notice'],
  ticket_footer: ['lời cảm ơn', 'footer'], portal_url: ['cổng DVC', 'portal'], online_guide: ['hướng dẫn trực tuyến', 'online guide'],
  map_url: ['bản đồ', 'map'], zone: ['múi giờ', 'zone'], sessions: ['buổi làm việc', 'sessions'],
  holidays: ['ngày nghỉ', 'holidays'], stop_minutes: ['phút ngừng cấp số', 'stop minutes'], always_open: ['luôn cấp số', 'always open'],
  id: ['mã', 'id'], open: ['mở', 'open'],
};

function describe(key, v) {
  if (v === true) return t('có', 'yes');
  if (v === false) return t('không', 'no');
  if (Array.isArray(v)) {
    if (v.length && typeof v[0] === 'object') return v.map((s) => `${s.name} ${s.start}–${s.end}`).join('; ');
    return v.map((x) => isoToVN(String(x))).join(', ') || '—';
  }
  if (v === 'changed') return t('đã đổi', 'changed');
  if (key === 'role' && v === 'admin') return t('quản trị', 'admin'); // a user named admin stays admin
  if (key === 'role' && v === 'officer') return t('cán bộ', 'officer');
  const s = isoToVN(String(v));
  return s.length > 120 ? `${s.slice(0, 117)}…` : s;
}

/** detailText turns an audit entry's JSON detail into a short line. */
export function detailText(detail) {
  let d;
  try { d = JSON.parse(detail); } catch (e) { return detail || ''; }
  if (!d || typeof d !== 'object') return '';
  return Object.entries(d).map(([k, v]) => `${LABELS[k] ? t(...LABELS[k]) : k}: ${describe(k, v)}`).join(' · ');
}

/** renderAudit fills el with the newest admin changes. */
export async function renderAudit(el, ctx) {
  const [list, users, services] = await Promise.all([
    api('GET', '/api/v1/admin/audit?limit=500'), api('GET', '/api/v1/admin/users'), api('GET', '/api/v1/admin/services')]);
  const target = (e) => {
    if (e.action.startsWith('user.')) {
      const u = users.find((x) => x.id === e.target);
      return u ? u.username : e.target;
    }
    if (e.action.startsWith('service.')) {
      const s = services.find((x) => x.id === e.target);
      return s ? `${s.prefix} · ${s.name}` : e.target;
    }
    if (e.action === 'settings.update') return t('Trung tâm', 'Center');
    return e.target;
  };
  const table = h('table', { class: 'grid audit', id: 'audit-table' },
    h('thead', {}, h('tr', {},
      h('th', {}, t('Thời gian', 'When')), h('th', {}, t('Người thực hiện', 'Who')),
      h('th', {}, t('Thao tác', 'Action')), h('th', {}, t('Đối tượng', 'Target')), h('th', {}, t('Chi tiết', 'Details')))),
    h('tbody', {}, list.length === 0
      ? h('tr', {}, h('td', { colspan: '5', class: 'muted' }, t('Chưa có thay đổi nào.', 'No changes yet.')))
      : list.map((e) => h('tr', { dataset: { action: e.action } },
        h('td', { class: 'nowrap' }, `${hhmm(e.at)} ${dateVN(e.at)}`),
        h('td', {}, e.username || '—'),
        h('td', {}, ACTIONS[e.action] ? t(...ACTIONS[e.action]) : e.action),
        h('td', {}, target(e)),
        h('td', { class: 'detail' }, detailText(e.detail))))));
  const refresh = h('button', { type: 'button', class: 'btn', id: 'audit-refresh', onclick: async () => {
    try { await renderAudit(el, ctx); } catch (err) { report(err, ctx); }
  } }, t('Tải lại', 'Refresh'));
  el.replaceChildren(
    sectionHead(t('Nhật ký', 'Audit log'), t(`Mọi thay đổi của quản trị: ai, lúc nào, thay đổi gì (${list.length} mục gần nhất).`,
      `Every admin change: who, when, what (the latest ${list.length}).`), refresh),
    h('div', { class: 'card table-card' }, table),
  );
}
