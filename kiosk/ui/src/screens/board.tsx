// The notice board (节目预告): the idle screen, legible across the room.
import { fmt, t } from '../i18n/i18n.ts';
import { useStation, useTicker } from '../station-store.ts';
import { navigate } from '../navigation.ts';
import type { Showing, SessionView } from '../api-types.ts';
import { useState } from 'preact/hooks';
import { DoorNoticePrint } from './board-print.tsx';
import { ComplianceLine } from '../components/compliance-line.tsx';

function countdown(startsAt: number, now: number): string {
  const minutes = Math.max(0, Math.ceil((startsAt - now) / 60_000));
  if (minutes >= 24 * 60) return t('board.startsAt', { time: fmt.dateTime(startsAt) });
  if (minutes >= 60) return t('board.startsInHours', { hours: Math.floor(minutes / 60), minutes: minutes % 60 });
  return t('board.startsIn', { minutes });
}

function liveLabel(view: SessionView): string {
  if (view.session.status === 'playing') return t('board.nowPlaying');
  // Ended, with the late check-in still open: the room must not read 正在签到 for a showing that is over.
  if (view.session.status === 'ended') return t('board.ended');
  return t('board.checkinOpen');
}

function LiveCard({ view }: { view: SessionView }) {
  const f = view.figures;
  const { status } = view.session;
  return (
    <section class="hero" aria-live="polite" data-testid="hero" data-status={status}>
      <div class="hero-label">{liveLabel(view)}</div>
      <div class="hero-title">{view.session.title}</div>
      {view.session.kind === 'group_viewing' && (
        <div class="hero-figures">
          <span>{t('board.expected')} <b>{f.registered}</b></span>
          <span>{t('board.present')} <b data-testid="present">{f.attendedRegistered}</b></span>
          <span>{t('board.guests')} <b>{f.guests}</b></span>
          <span>{t('board.rate')} <b>{fmt.rate(f.rate)}</b></span>
        </div>
      )}
      {status === 'checkin' && <div class="hero-when">{t('board.startsAt', { time: fmt.time(view.session.scheduledStart) })}</div>}
      {status === 'ended' && view.window === 'open' && <div class="hero-when" data-testid="late-until">{t('board.lateUntil', { time: fmt.time(view.session.checkinClosesAt) })}</div>}
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
      <div class="hero-label">{next.kind === 'group_viewing' ? t('board.nextGroupViewing') : t('board.next')}</div>
      <div class="hero-title">{next.title}</div>
      <div class="hero-when">
        {fmt.dateTime(next.startsAt)}{"\u3000"}<b data-testid="countdown">{countdown(next.startsAt, now)}</b>
      </div>
    </section>
  );
}

/** Under a live showing: the next group viewing, on one line, so the room always knows when to come back. */
function NextGroupViewingLine({ next, now }: { next: Showing; now: number }) {
  return (
    <p class="next-line" data-testid="next-group-viewing">
      <span class="next-line-label">{t('board.nextGroupViewing')}</span>
      <span>{next.title}</span>
      <span>{fmt.dateTime(next.startsAt)}{"\u3000"}<b>{countdown(next.startsAt, now)}</b></span>
    </p>
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
        {live ? <LiveCard view={live} /> : <NextCard next={state.nextGroupViewing ?? state.next} now={now} />}
        {live && state.nextGroupViewing && state.nextGroupViewing.sessionId !== live.session.id && <NextGroupViewingLine next={state.nextGroupViewing} now={now} />}
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
        {/* The admin line: what the month still needs, beside the way into admin mode. */}
        <ComplianceLine class="board-admin-line" testId="board-admin-line" />
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
