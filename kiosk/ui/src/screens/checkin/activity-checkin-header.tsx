// The check-in screen's header for a branch activity: its kind and topic, whether the administrator has the door
// open, and the door's figures (no lateness, no start button, no tutor: an activity has no showing).
import { t } from '../../i18n/i18n.ts';
import type { ActivityDoorView } from '../../api-types.ts';
import { ACTIVITY_KIND_KEYS } from '../admin/activities/activity-labels.ts';
import { CheckinFigures } from './checkin-header.tsx';

export function ActivityCheckinHeader({ view }: { view: ActivityDoorView }) {
  const { activity } = view;
  const status = view.window === 'not_open' ? t('checkin.status.notOpen') : view.window === 'closed' ? t('checkin.status.closed') : t('checkin.status.open');
  return (
    <header class="checkin-header">
      <div class="checkin-program">
        <div class={`checkin-status ${view.window === 'open' ? '' : 'checkin-status-shut'}`} data-testid="checkin-status">
          {status}
        </div>
        <h1 class="checkin-title" data-testid="checkin-title">
          <span class="checkin-kind" data-testid="checkin-kind">{t(ACTIVITY_KIND_KEYS[activity.kind])}</span>
          {'\u3000'}
          {activity.topic}
        </h1>
        <div class="checkin-when">
          {t('checkin.activity.when', { date: activity.date, time: activity.startTime, place: activity.place, host: activity.host })}
        </div>
      </div>
      <CheckinFigures figures={view.figures} />
    </header>
  );
}
