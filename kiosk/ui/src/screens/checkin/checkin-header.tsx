// The check-in screen's header: what is being shown, whether the door is open, and the door's figures.
import { fmt, t } from '../../i18n/i18n.ts';
import type { SessionView } from '../../api-types.ts';
import { TutorChoice } from './tutor-choice.tsx';

function Figure({ label, value, testId }: { label: string; value: string | number; testId: string }) {
  return (
    <div class="checkin-figure">
      <span class="checkin-figure-label">{label}</span>
      <b class="checkin-figure-value" data-testid={testId}>{value}</b>
    </div>
  );
}

/** The door's figures: registered members expected, those in, the rate, guests (a viewing's or an activity's). */
export function CheckinFigures({ figures }: { figures: SessionView['figures'] }) {
  return (
    <div class="checkin-figures" aria-live="polite" data-testid="figures">
      <Figure label={t('checkin.expected')} value={figures.registered} testId="fig-registered" />
      <Figure label={t('checkin.present')} value={figures.attendedRegistered} testId="fig-present" />
      <Figure label={t('checkin.rate')} value={fmt.rate(figures.rate)} testId="fig-rate" />
      <Figure label={t('checkin.guests')} value={figures.guests} testId="fig-guests" />
    </div>
  );
}

export function CheckinHeader({ view, onStart, onProblem }: { view: SessionView; onStart: () => void; onProblem: (text: string) => void }) {
  const { session, figures } = view;
  const status =
    view.window === 'not_open' ? t('checkin.status.notOpen')
    : view.window === 'closed' ? t('checkin.status.closed')
    : session.status === 'playing' ? t('checkin.status.playing')
    : t('checkin.status.open');
  return (
    <header class="checkin-header">
      <div class="checkin-program">
        <div class={`checkin-status ${view.window === 'open' ? '' : 'checkin-status-shut'}`} data-testid="checkin-status">
          {status}
        </div>
        <h1 class="checkin-title" data-testid="checkin-title">{session.title}</h1>
        <div class="checkin-when">
          {t('checkin.startsAt', { time: fmt.time(session.scheduledStart) })}
          {'\u3000'}
          {t('checkin.closesAt', { time: fmt.time(Math.max(session.checkinClosesAt, session.endedAt ?? 0)) })}
        </div>
      </div>
      <CheckinFigures figures={figures} />
      <TutorChoice view={view} onProblem={onProblem} />
      {/* Opened by "play now": the showing starts when the room is in (or by itself ten minutes on). */}
      {view.startable && (
        <button type="button" class="btn btn-primary checkin-start" data-testid="start-now" onClick={onStart}>
          {t('checkin.startNow')}
        </button>
      )}
    </header>
  );
}
