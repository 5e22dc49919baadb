// The notice board (节目预告): the idle screen, legible across the room.
import { fmt, t } from '../i18n/i18n.ts';
import { useStation, useTicker } from '../station-store.ts';
import { navigate } from '../navigation.ts';
import type { Showing, SessionView } from '../api-types.ts';
import { useState } from 'preact/hooks';
import { DoorNoticePrint } from './board-print.tsx';

function countdown(startsAt: number, now: number): string {
  const minutes = Math.max(0, Math.ceil((startsAt - now) / 60_000));
  if (minutes >= 24 * 60) return t('board.startsAt', { time: fmt.dateTime(startsAt) });
  if (minutes >= 60) return t('board.startsInHours', { hours: Math.floor(minutes / 60), minutes: minutes % 60 });
  return t('board.startsIn', { minutes });
}

function LiveCard({ view }: { view: SessionView }) {
  const f = view.figures;
  const playing = view.session.status === 'playing';
  return (
    <section class="hero" aria-live="polite" data-testid="hero">
      <div class="hero-label">{playing ? t('board.nowPlaying') : t('board.checkinOpen')}</div>
      <div class="hero-title">{view.session.title}</div>
      {view.session.kind === 'group_viewing' && (
        <div class="hero-figures">
          <span>{t('board.expected')} <b>{f.registered}</b></span>
          <span>{t('board.present')} <b data-testid="present">{f.attendedRegistered}</b></span>
          <span>{t('board.guests')} <b>{f.guests}</b></span>
          <span>{t('board.rate')} <b>{fmt.rate(f.rate)}</b></span>
        </div>
      )}
      {!playing && <div class="hero-when">{t('board.startsAt', { time: fmt.time(view.session.scheduledStart) })}</div>}
    </section>
  );
}

function NextCard({ next, now }: { next: Showing | null; now: number }) {
  if (!next) {
    return (
      <section class="hero hero-quiet" data-testid="hero">
        <div class="hero-title">{t('board.nothingScheduled')}</div>
      </section>
    );
  }
  return (
    <section class="hero" data-testid="hero">
      <div class="hero-label">{t('board.next')}</div>
      <div class="hero-title">{next.title}</div>
      <div class="hero-when">
        {fmt.dateTime(next.startsAt)}{"\u3000"}<b>{countdown(next.startsAt, now)}</b>
      </div>
    </section>
  );
}

function dayLabel(startsAt: number, now: number): string {
  const day = fmt.fullDate(startsAt);
  if (day === fmt.fullDate(now)) return t('board.today');
  if (day === fmt.fullDate(now + 86_400_000)) return t('board.tomorrow');
  return fmt.shortDate(startsAt);
}

export function BoardScreen() {
  const { state, board } = useStation();
  const now = useTicker(1_000);
  const [printing, setPrinting] = useState(false);
  if (!state) return null;
  const live = state.live.find((v) => v.session.status === 'playing' || v.window === 'open');
  const upcoming = board.filter((s) => s.sessionStatus !== 'playing' && s.startsAt >= now - 60_000).slice(0, 8);
  const checkinOpen = state.live.find((v) => v.session.kind === 'group_viewing' && v.window === 'open');

  return (
    <div class="board">
      <header class="board-header">
        <h1 class="station-name" data-testid="station-name">{state.station.name}</h1>
        <div class="clock">
          <span class="clock-time" data-testid="clock">{fmt.time(now)}</span>
          <span class="clock-date">{fmt.date(now)}</span>
        </div>
      </header>
      <main class="board-main">
        {live ? <LiveCard view={live} /> : <NextCard next={state.next} now={now} />}
        {state.notices.length > 0 && (
          <section class="notices" aria-label={t('board.notices')}>
            {state.notices.map((n) => (
              <p key={n.id} class="notice">
                {n.origin === 'county' && <span class="tag">{t('common.fromCounty')}</span>}
                {n.text}
              </p>
            ))}
          </section>
        )}
        <section class="schedule">
          <h2>{t('board.title')}</h2>
          <table class="schedule-table" data-testid="schedule">
            <thead>
              <tr>
                <th>{t('board.col.date')}</th>
                <th>{t('board.col.time')}</th>
                <th>{t('board.col.program')}</th>
                <th>{t('board.col.kind')}</th>
              </tr>
            </thead>
            <tbody>
              {upcoming.map((s) => (
                <tr key={`${s.programId}-${s.date}`}>
                  <td>{dayLabel(s.startsAt, now)}</td>
                  <td class="num">{s.time}</td>
                  <td>
                    {s.title}
                    {s.origin === 'county' && <span class="tag">{t('common.fromCounty')}</span>}
                  </td>
                  <td class={s.kind === 'group_viewing' ? 'kind-group' : 'kind-bg'}>{s.kind === 'group_viewing' ? t('common.groupViewing') : t('common.background')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </main>
      <nav class="board-actions">
        {checkinOpen && (
          <button class="btn btn-primary" data-autofocus onClick={() => navigate({ screen: 'checkin', sessionId: checkinOpen.session.id })}>
            {t('board.goCheckin')}
          </button>
        )}
        <button class="btn" data-testid="print-notice" onClick={() => setPrinting(true)}>{t('board.print')}</button>
        <button class="btn" data-testid="go-admin" onClick={() => navigate({ screen: 'admin' })}>{t('board.goAdmin')}</button>
      </nav>
      {printing && <DoorNoticePrint onClose={() => setPrinting(false)} />}
    </div>
  );
}
