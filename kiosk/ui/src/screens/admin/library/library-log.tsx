// 课件接收、存储、播放记录: a month of the library's log — what was received (from where, how big, its
// checksum), stored, converted, played, refused, removed — newest first, a page at a time for the remote.
import { useState } from 'preact/hooks';
import { currentLocale, stationTimeZone, t, type MessageKey } from '../../../i18n/i18n.ts';
import { station } from '../../../station-store.ts';
import type { LibraryLog, LibraryLogEntry } from '../../../api-types.ts';
import { useAdminResource, useStationEvents } from '../admin-hooks.ts';
import { formatBytes } from '../admin-format.ts';
import { Problem, monthTitle } from '../fields.tsx';
import { localDateAt, monthOf, monthSearchWindow, shiftMonth } from '../schedule/local-dates.pure.ts';
import { sourceLabel, storedProblemWords } from './library-labels.ts';

const PAGE = 10;

const EVENT_KEYS: Record<LibraryLogEntry['event'], MessageKey> = {
  received: 'library.event.received',
  stored: 'library.event.stored',
  converted: 'library.event.converted',
  played: 'library.event.played',
  verify_failed: 'library.event.verify_failed',
  quarantined: 'library.event.quarantined',
  removed: 'library.event.removed',
  evicted: 'library.event.evicted',
  budget_warning: 'library.event.budget_warning',
};

function detailText(e: LibraryLogEntry): string {
  const d = (e.detail ?? {}) as Record<string, unknown>;
  switch (e.event) {
    case 'received':
      return d['outcome'] === 'duplicate' ? t('library.detail.duplicate') : d['outcome'] === 'refused' ? `${t('library.detail.refused')}（${String(d['code'] ?? '')}）` : '';
    case 'stored':
      if (d['stream']) return t('library.detail.stream');
      return d['conversion'] ? `${t('library.detail.toConvert')}：${String((d['conversion'] as { reason?: string }).reason ?? '')}` : t('library.detail.playsAsIs');
    case 'converted':
      return t('library.detail.converted', { speed: String(d['speed'] ?? '—') });
    case 'played':
      return typeof d['share'] === 'number' ? t('library.detail.played', { share: `${Math.round(d['share'] * 100)}%` }) : '';
    case 'verify_failed':
    case 'quarantined':
      return storedProblemWords(d);
    case 'budget_warning':
      return `${Math.round(Number(d['share'] ?? 0) * 100)}%`;
    default:
      return '';
  }
}

export function LibraryLog() {
  const zone = stationTimeZone();
  const thisMonth = monthOf(localDateAt(station.now(), zone));
  const [month, setMonth] = useState(thisMonth);
  const [page, setPage] = useState(0);
  const span = monthSearchWindow(month);
  const log = useAdminResource<LibraryLog>(`/api/admin/library/log?from=${span.since}&to=${span.until}&limit=10000`);
  useStationEvents(['data_changed'], log.reload);
  // The window is generous on both sides; the station-local month decides what belongs.
  const entries = (log.data?.entries ?? []).filter((e) => monthOf(localDateAt(e.at, zone)) === month).reverse();
  const pages = Math.max(1, Math.ceil(entries.length / PAGE));
  const current = Math.min(page, pages - 1);
  const shown = entries.slice(current * PAGE, (current + 1) * PAGE);
  const when = new Intl.DateTimeFormat(currentLocale(), { timeZone: zone, month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const go = (m: string) => {
    setMonth(m);
    setPage(0);
  };
  return (
    <div data-testid="library-log">
      <div class="adm-log-bar">
        <button type="button" class="btn" aria-label={t('library.log.prev')} data-testid="library-log-prev" onClick={() => go(shiftMonth(month, -1))}>◀</button>
        <span class="adm-month-label">{monthTitle(month)}</span>
        <button type="button" class="btn" aria-label={t('library.log.next')} disabled={month >= thisMonth} onClick={() => go(shiftMonth(month, 1))}>▶</button>
        <button type="button" class="btn" disabled={current === 0} onClick={() => setPage(current - 1)}>{t('admin.log.newer')}</button>
        <span class="adm-page">{t('admin.log.page', { page: current + 1, pages, n: entries.length })}</span>
        <button type="button" class="btn" disabled={current >= pages - 1} onClick={() => setPage(current + 1)}>{t('admin.log.older')}</button>
      </div>
      <Problem text={log.error} />
      {log.data && entries.length === 0 && <p class="adm-empty">{t('library.log.empty')}</p>}
      {shown.length > 0 && (
        <table class="adm-table adm-log lib-log">
          <thead>
            <tr>
              <th>{t('library.log.col.time')}</th>
              <th>{t('library.log.col.event')}</th>
              <th>{t('library.log.col.course')}</th>
              <th>{t('library.log.col.source')}</th>
              <th>{t('library.log.col.size')}</th>
              <th>{t('library.log.col.detail')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((e) => (
              <tr key={e.id} tabIndex={0} data-testid="library-log-row" data-event={e.event}>
                <td class="num adm-log-time">{when.format(e.at)}</td>
                <td class="lib-log-event">{t(EVENT_KEYS[e.event])}</td>
                <td class="lib-log-what">{e.title ?? e.fileName ?? '—'}</td>
                <td class="lib-log-source">{sourceLabel(e.source)}</td>
                <td class="num">{e.bytes === null ? '—' : formatBytes(e.bytes)}</td>
                <td>{detailText(e)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
