// A station page's make-up study (补学) and compliance ahead (达标进度): what the month still needs as the station
// judged it (viewings, minutes, missed fixed study days), the make-up showings it reported, and how many members
// made up or have not studied yet. A station older than make-up study says nothing: "—".
import { t } from '../i18n/i18n.ts';
import type { StationDetail } from '../api-types.ts';

function complianceLine(d: StationDetail): string {
  const c = d.compliance;
  if (c === null) return t('makeUp.compliance.none');
  const parts: string[] = [];
  if (c.state === 'over') parts.push(c.met ? t('makeUp.compliance.met') : t('makeUp.compliance.notMet'));
  if (c.viewingsStillNeeded > 0) parts.push(t(c.state === 'over' ? 'makeUp.compliance.short' : 'makeUp.compliance.need', { n: c.viewingsStillNeeded }));
  else if (c.state !== 'over') parts.push(t('makeUp.compliance.viewingsMet'));
  if (c.minutesRequired !== null) parts.push(t('makeUp.compliance.minutes', { studied: d.row.studyMinutes ?? 0, required: c.minutesRequired }));
  if (c.missedFixedDays.length > 0) parts.push(t('makeUp.compliance.missed', { days: c.missedFixedDays.map((x) => Number(x.slice(8, 10))).join(t('makeUp.compliance.daySep')) }));
  return parts.join(t('makeUp.compliance.sep'));
}

export function StationMakeUp({ detail: d }: { detail: StationDetail }) {
  const short = d.compliance !== null && (d.compliance.viewingsStillNeeded > 0 || d.compliance.missedFixedDays.length > 0 || (d.compliance.minutesStillNeeded ?? 0) > 0);
  return (
    <dl class="station-facts" data-testid="station-make-up">
      <div>
        <dt>{t('makeUp.compliance.label')}</dt>
        <dd data-testid="station-compliance" class={short ? 'text-bad' : ''}>{complianceLine(d)}</dd>
      </div>
      <div>
        <dt>{t('makeUp.showings')}</dt>
        <dd data-testid="make-up-showings">{d.makeUp.showings}</dd>
      </div>
      <div>
        <dt>{t('makeUp.attended')}</dt>
        <dd data-testid="make-up-attended">{d.makeUp.attended ?? '—'}</dd>
      </div>
      <div>
        <dt>{t('makeUp.notStudied')}</dt>
        <dd data-testid="not-studied">{d.makeUp.notStudied ?? '—'}</dd>
      </div>
    </dl>
  );
}
