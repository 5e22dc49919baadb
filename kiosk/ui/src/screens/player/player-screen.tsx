// The player screen: a title card, then the program full screen with the attendance in a corner; on a
// failure, a Chinese error card naming the program. At the end the board returns.
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { api } from '../../api.ts';
import { ERROR_CARD_MS, TITLE_CARD_MS } from './card-times.ts';
import type { SessionView } from '../../api-types.ts';
import { fmt, t } from '../../i18n/i18n.ts';
import { navigate, useBackHandler } from '../../navigation.ts';
import { station, useStation } from '../../station-store.ts';
import { Dialog } from '../../components/dialog.tsx';
import { Toast, toast, type ToastMessage } from '../../components/toast.tsx';
import { PlaybackBus, type PlayerPhase } from './playback-bus.ts';
import { PlaybackController } from './playback-controller.ts';
import { prepareVideoPlayer } from './player-element.ts';
import { takeShowingRead } from './showing-read.ts';
import { playbackError, type PlaybackError } from './playback-errors.pure.ts';
import { resumePositionSec, type CourseMedia } from './course-sources.pure.ts';
import type { PlaybackReport } from './playback-reporter.ts';
import { zh } from '../../i18n/messages/player.ts';
import { LateCheckinOverlay, useCardsDuringShowing } from './late-checkin.tsx';

export interface PlayerProps {
  sessionId: number | null;
  courseId: number;
  title: string;
  onDone: () => void;
}

const BACK_HINT_MS = 3_000;
const FALLBACK_BANNER_MS = 6_000;

const sendReport = (report: PlaybackReport) => api.post('/api/playback', report);

/** A new session or course is a new showing: everything starts over. */
export function PlayerScreen(props: PlayerProps) {
  return <Player key={`${props.sessionId ?? 'preview'}:${props.courseId}`} {...props} />;
}

interface Loaded {
  course: CourseMedia;
  session: SessionView | null;
}

function Player({ sessionId, courseId, title, onDone }: PlayerProps) {
  const { state } = useStation();
  const hostRef = useRef<HTMLDivElement>(null);
  const controllerRef = useRef<PlaybackController | null>(null);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [failure, setFailure] = useState<PlaybackError | null>(null);
  const [cardShown, setCardShown] = useState(true);
  const [resuming, setResuming] = useState(false);
  const [phase, setPhase] = useState<PlayerPhase>('loading');
  const [retrying, setRetrying] = useState<number | null>(null);
  const [banner, setBanner] = useState<string | null>(null);
  const [mutedByPolicy, setMutedByPolicy] = useState(false);
  const [confirmStop, setConfirmStop] = useState(false);
  const [hint, setHint] = useState<ToastMessage | null>(null);
  const doneRef = useRef(false);

  const done = () => {
    if (doneRef.current) return;
    doneRef.current = true;
    onDone();
  };
  /** Ends the showing here (the agent ends the session) and leaves the screen. */
  const finish = async () => {
    const controller = controllerRef.current;
    if (controller) await controller.finish();
    else if (!doneRef.current) {
      // No player was ever built (the course could not be read): still close the session.
      await sendReport({ sessionId, courseId, event: 'end', playedMs: 0 }).catch(() => undefined);
    }
    done();
  };

  /** The showing begins on this screen once the course is read and the card is gone, whichever comes last. */
  const loadedRef = useRef<Loaded | null>(null);
  const cardShownRef = useRef(true);
  const failedRef = useRef(false);
  const showFailure = (error: PlaybackError) => {
    failedRef.current = true;
    cardShownRef.current = false;
    setFailure(error);
    setCardShown(false);
  };
  const begin = () => {
    const controller = controllerRef.current;
    const ready = loadedRef.current;
    if (!controller || !ready || cardShownRef.current || failedRef.current) return;
    const at = ready.session ? resumePositionSec(ready.session.lastPlayStart, station.now(), ready.course.durationMs) : 0;
    if (at === null) {
      // The kiosk came back after the course would have finished: nothing left to show.
      void finish();
      return;
    }
    controller.play(at);
  };

  // As the title card goes up (before it is painted): the video.js player, and the read of what to play and,
  // for a scheduled showing, where it stands (a restarted kiosk picks up where the room is). The course is
  // handed to the player the moment it arrives, not a render later: an OK pressed before then starts it at
  // once, and otherwise it loads behind the card.
  useLayoutEffect(() => {
    let live = true;
    // Asked when the kiosk chose this showing (showing-read.ts), or now, before video.js is built.
    const reading = takeShowingRead(courseId, sessionId);
    const bus = new PlaybackBus();
    const prepared = prepareVideoPlayer(hostRef.current!, station.current.state?.station.volume ?? 80);
    let bannerTimer: ReturnType<typeof setTimeout> | undefined;
    bus.on('phase', ({ phase: next }) => {
      setPhase(next);
      if (next === 'playing') setRetrying(null);
    });
    bus.on('error', ({ error, recovery }) => {
      if (recovery.action === 'retry') setRetrying(recovery.attempt);
      if (recovery.action === 'fallback_local') {
        setRetrying(null);
        setBanner(t('player.fallback'));
        clearTimeout(bannerTimer);
        bannerTimer = setTimeout(() => setBanner(null), FALLBACK_BANNER_MS);
      }
      if (recovery.action === 'give_up') {
        setRetrying(null);
        showFailure(error);
      }
    });
    bus.on('muted', ({ muted, byPolicy }) => setMutedByPolicy(muted && byPolicy));
    bus.on('ended', () => {
      // An error card stays until it is dismissed; only a showing that played out leaves by itself.
      if (controllerRef.current?.stats.phase !== 'failed') done();
    });
    (async () => {
      try {
        const [course, session] = await reading;
        if (!live) return;
        const controller = new PlaybackController({
          host: hostRef.current!,
          prepared,
          course,
          sessionId,
          playedMsBefore: session?.session.playedMs ?? 0,
          bus,
          send: sendReport,
        });
        controllerRef.current = controller;
        // The setting as it is now: it may have changed while the course was read.
        controller.setVolume(station.current.state?.station.volume ?? 80);
        loadedRef.current = { course, session };
        controller.load();
        begin();
        const resumeAt = session ? resumePositionSec(session.lastPlayStart, station.now(), course.durationMs) : 0;
        setResuming(resumeAt !== null && resumeAt > 0);
        setLoaded({ course, session });
      } catch (err) {
        if (!live) return;
        console.error('player could not read the course', err);
        const error = playbackError('course_unavailable', err instanceof Error ? err.message : String(err));
        showFailure(error);
        // Best effort: the agent refuses a report about a course it does not know, and that is the likely case.
        void sendReport({ sessionId, courseId, event: 'error', detail: { code: error.code, message: zh[error.messageKey], engineDetail: error.detail, recovery: 'give_up' } }).catch(() => undefined);
      }
    })();
    return () => {
      live = false;
      clearTimeout(bannerTimer);
      bus.clear();
      // The controller owns the player once it has one; a player that never got its course goes by itself.
      if (controllerRef.current) controllerRef.current.dispose();
      else prepared.player.dispose();
      controllerRef.current = null;
    };
  }, []);

  // The title card gives way to the program after a few seconds.
  useEffect(() => {
    if (!loaded || !cardShown) return;
    const timer = setTimeout(() => {
      cardShownRef.current = false;
      setCardShown(false);
      begin();
    }, TITLE_CARD_MS);
    return () => clearTimeout(timer);
  }, [loaded, cardShown]);

  useEffect(() => {
    if (state) controllerRef.current?.setVolume(state.station.volume);
  }, [state?.station.volume]);

  // The error card goes back to the board by itself if nobody is there to press OK.
  const [secondsLeft, setSecondsLeft] = useState(ERROR_CARD_MS / 1000);
  useEffect(() => {
    if (!failure) return;
    const until = Date.now() + ERROR_CARD_MS;
    const timer = setInterval(() => {
      const left = Math.ceil((until - Date.now()) / 1000);
      setSecondsLeft(Math.max(0, left));
      if (left <= 0) void finish();
    }, 1_000);
    return () => clearInterval(timer);
  }, [failure]);

  // OK skips the title card, and turns the sound on when the browser made us start muted. Listened for as
  // the card is drawn (a layout effect), not a frame later: an OK pressed the moment the card appears counts.
  // During a group viewing, OK (once the sound is on) opens check-in over the video for late arrivals.
  const [lateOpen, setLateOpen] = useState(false);
  const groupViewing = useRef(false);
  useLayoutEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Enter' || e.defaultPrevented || failure || confirmStop || lateOpen) return;
      if (cardShown) {
        // Pressed before the course was even read: it starts the moment it is.
        e.preventDefault();
        cardShownRef.current = false;
        setCardShown(false);
        begin();
      } else if (mutedByPolicy) {
        e.preventDefault();
        controllerRef.current?.unmute();
      } else if (groupViewing.current && sessionId !== null) {
        e.preventDefault();
        setLateOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [cardShown, mutedByPolicy, failure, confirmStop, lateOpen, sessionId]);

  // Back: a group viewing cannot be stopped by a stray key; a preview asks first; an error card goes back.
  // A second Back while the hint shows opens admin mode (PIN first), where the showing can be stopped;
  // leaving admin returns to the showing.
  // Decision — the two presses are timed by their own timestamps: a page slow to take the second one (a busy
  // machine) must not make it a first press again, nor a second one pressed late count because it came quickly.
  const hintAt = useRef(Number.NEGATIVE_INFINITY);
  const onBack = (pressedAt: number) => {
    if (failure) void finish();
    else if (sessionId === null) setConfirmStop(true);
    else if (pressedAt - hintAt.current < BACK_HINT_MS) navigate({ screen: 'admin' });
    else {
      hintAt.current = pressedAt;
      setHint(toast(t('player.backHint'), 'warn'));
    }
  };
  // One registration for the screen's life, so a dialog opened later sits above it on the Back stack.
  const backRef = useRef(onBack);
  backRef.current = onBack;
  useBackHandler(useCallback((pressedAt: number) => backRef.current(pressedAt), []));

  const session = loaded?.session?.session ?? null;
  const liveView = sessionId === null ? undefined : state?.live.find((v) => v.session.id === sessionId);
  const kind = liveView?.session.kind ?? session?.kind ?? null;
  const figures = liveView?.figures ?? loaded?.session?.figures ?? null;
  const shownTitle = session?.title ?? title;
  groupViewing.current = kind === 'group_viewing';
  const cardMessage = useCardsDuringShowing(kind === 'group_viewing' ? sessionId : null, !lateOpen && !failure);

  return (
    <div class="player" data-testid="player" data-phase={failure ? 'failed' : cardShown ? 'card' : phase}>
      <div class="player-host" ref={hostRef} data-testid="player-host" />

      {kind === 'group_viewing' && figures && !cardShown && !failure && (
        <div class="player-attendance" data-testid="attendance" aria-live="polite">
          <span>{t('player.attendance', { present: figures.attendedRegistered, expected: figures.registered })}</span>
          {figures.guests > 0 && <span class="player-guests">{t('player.attendance.guests', { n: figures.guests })}</span>}
          {!mutedByPolicy && <span class="player-late-hint">{t('player.lateHint')}</span>}
        </div>
      )}
      {lateOpen && sessionId !== null && <LateCheckinOverlay sessionId={sessionId} onClose={() => setLateOpen(false)} />}
      <Toast message={cardMessage} />

      {retrying !== null && phase !== 'playing' && !failure && (
        <div class="player-banner" role="status" data-testid="player-recovering">{t('player.recovering', { n: retrying })}</div>
      )}
      {banner && !failure && <div class="player-banner" role="status" data-testid="player-banner">{banner}</div>}
      {mutedByPolicy && !cardShown && !failure && <div class="player-muted" data-testid="player-muted">🔇 {t('player.mutedHint')}</div>}

      {cardShown && !failure && (
        <TitleCard title={shownTitle} kind={sessionId === null ? 'preview' : kind} startsAt={session?.scheduledStart ?? null} resuming={resuming} />
      )}

      {failure && <ErrorCard title={shownTitle} error={failure} secondsLeft={secondsLeft} onBack={() => void finish()} />}

      {confirmStop && (
        <Dialog title={t('player.stop.title')} onClose={() => setConfirmStop(false)} testId="player-stop">
          <div class="player-dialog-actions">
            <button type="button" class="btn btn-danger" onClick={() => void finish()}>{t('player.stop.confirm')}</button>
            <button type="button" class="btn btn-primary" data-autofocus onClick={() => setConfirmStop(false)}>{t('player.stop.continue')}</button>
          </div>
        </Dialog>
      )}
      <Toast message={hint} durationMs={BACK_HINT_MS} />
    </div>
  );
}

function TitleCard(props: { title: string; kind: 'group_viewing' | 'background' | 'preview' | null; startsAt: number | null; resuming: boolean }) {
  // The kind is known once the session has been read; until then the card shows no label rather than a wrong one.
  const label =
    props.kind === 'preview' ? t('player.card.preview')
    : props.kind === 'background' ? t('player.card.background')
    : props.kind === 'group_viewing' ? t('player.card.groupViewing')
    : null;
  return (
    <section class="title-card" data-testid="title-card" aria-live="assertive">
      {label && <div class="title-card-label">{label}</div>}
      <h1 class="title-card-title" data-testid="title-card-title">{props.title}</h1>
      <div class="title-card-when">
        {props.resuming ? t('player.card.resuming') : t('player.card.starting')}
        {props.startsAt !== null && <span class="title-card-time">{fmt.time(props.startsAt)}</span>}
      </div>
      <div class="title-card-skip">{t('player.card.skip')}</div>
    </section>
  );
}

function ErrorCard(props: { title: string; error: PlaybackError; secondsLeft: number; onBack: () => void }) {
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    // The remote's OK must land on the way out at once.
    const id = requestAnimationFrame(() => button.current?.focus());
    return () => cancelAnimationFrame(id);
  }, []);
  return (
    <section class="error-card" role="alert" data-testid="error-card" data-code={props.error.code}>
      <div class="error-card-icon" aria-hidden="true">⚠</div>
      <h1 class="error-card-title">{t('player.error.title', { title: props.title })}</h1>
      <p class="error-card-problem" data-testid="error-card-problem">{t(props.error.messageKey)}</p>
      <p class="error-card-logged">{t('player.error.logged')}</p>
      <button type="button" class="btn btn-primary error-card-back" ref={button} data-autofocus onClick={props.onBack}>
        {t('player.error.back')}
      </button>
      <p class="error-card-auto">{t('player.error.autoBack', { n: props.secondsLeft })}</p>
    </section>
  );
}
