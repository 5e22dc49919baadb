// A station's branch activities (支部活动记录) of the month shown, as the station sent them (withdrawn ones marked),
// and the 三会一课 rhythm of its register under the county's policy (/api/county/stations/:id, branchActivities).
import { t } from '../i18n/i18n.ts';
import { Empty } from '../components/load-state.tsx';
import { Panel } from '../components/page-header.tsx';
import type { StationDetail } from '../api-types.ts';

type Activities = StationDetail['branchActivities'];
type Kind = Activities['activities'][number]['kind'];

const KIND_KEYS: Record<Kind, `station.activities.kind.${Kind}`> = {
  branch_assembly: 'station.activities.kind.branch_assembly',
  committee: 'station.activities.kind.committee',
  group_meeting: 'station.activities.kind.group_meeting',
  party_lesson: 'station.activities.kind.party_lesson',
  theme_day: 'station.activities.kind.theme_day',
  other: 'station.activities.kind.other',
};

const STATUS_KEYS = { met: 'station.activities.status.met', short: 'station.activities.status.short', pending: 'station.activities.status.pending' } as const;

export function StationActivities({ detail }: { detail: StationDetail }) {
  const b = detail.branchActivities;
  return (
    <Panel title={t('station.activities.title', { month: detail.month })} testid="station-activities">
      <p class="rhythm-tags" data-testid="station-rhythm">
        {t('station.activities.rhythm', { date: b.asOf })}
        {b.rhythm.length === 0 && ` ${t('station.activities.rhythmNone')}`}
        {b.rhythm.map((l) => (
          <span key={l.kind} class={`tag ${l.status === 'short' ? 'tag-bad' : l.status === 'met' ? 'tag-good' : 'tag-neutral'}`} data-testid={`station-rhythm-${l.kind}`}>
            {t(KIND_KEYS[l.kind])} {l.held}/{l.required} {t(STATUS_KEYS[l.status])}
          </span>
        ))}
      </p>
      {b.activities.length === 0 ? (
        <Empty testid="station-activities-empty">{t('station.activities.empty')}</Empty>
      ) : (
        <div class="table-wrap table-scroll">
          <table class="table table-compact" data-testid="station-activities-table">
            <thead>
              <tr>
                <th>{t('station.activities.date')}</th>
                <th>{t('station.activities.kind')}</th>
                <th>{t('station.activities.topic')}</th>
                <th>{t('station.activities.host')}</th>
                <th>{t('station.activities.attended')}</th>
                <th>{t('station.activities.guests')}</th>
                <th>{t('station.activities.photos')}</th>
              </tr>
            </thead>
            <tbody>
              {b.activities.map((a) => (
                <tr key={a.activityId} class={a.withdrawn === null ? '' : 'muted'}>
                  <td class="nowrap num-font">
                    {a.date} {a.startTime}
                  </td>
                  <td class="nowrap">{t(KIND_KEYS[a.kind])}</td>
                  <td>
                    {a.topic}
                    {a.withdrawn && t('station.activities.withdrawn', { reason: a.withdrawn.reason })}
                  </td>
                  <td class="nowrap">{a.host}</td>
                  <td class="num-font">
                    {a.attendedRegistered}/{a.registered}
                  </td>
                  <td class="num-font">{a.guests}</td>
                  <td class="num-font">{a.photoHashes.length}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Panel>
  );
}
