// The uses of a station's room entered by hand in the month shown (活动场所使用登记), as the station sent them;
// a removed one stays, marked. Group viewings are the room's other uses: they are in the month's viewings above.
import { t } from '../i18n/i18n.ts';
import { Empty } from '../components/load-state.tsx';
import { Panel } from '../components/page-header.tsx';
import type { StationDetail } from '../api-types.ts';

export function StationRoomUses({ detail }: { detail: StationDetail }) {
  const uses = detail.roomUses;
  return (
    <Panel title={t('station.room.title')} testid="station-room-uses">
      {uses.length === 0 ? (
        <Empty testid="station-room-empty">{t('station.room.empty')}</Empty>
      ) : (
        <div class="table-wrap table-scroll">
          <table class="table table-compact" data-testid="station-room-table">
            <thead>
              <tr>
                <th>{t('station.room.date')}</th>
                <th>{t('station.room.time')}</th>
                <th>{t('station.room.purpose')}</th>
                <th>{t('station.room.organiser')}</th>
                <th class="num">{t('station.room.headcount')}</th>
                <th>{t('station.room.status')}</th>
              </tr>
            </thead>
            <tbody>
              {uses.map((u) => (
                <tr key={u.useId} class={u.removedAt === null ? '' : 'muted'}>
                  <td class="nowrap num-font">{u.date}</td>
                  <td class="nowrap num-font">
                    {u.from}–{u.to}
                  </td>
                  <td>{u.purpose}</td>
                  <td>{u.organiser}</td>
                  <td class="num num-font">{u.headcount}</td>
                  <td>{u.removedAt === null ? '' : t('station.room.removed', { reason: u.removalReason ?? '' })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Panel>
  );
}
