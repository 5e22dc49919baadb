// 课件: the courseware the station holds with its status (converting, quarantined …), "play now" for any of
// it, a stop for what is running; and beside the list, import from a USB stick or a URL and the
// receive/store/play log.
import { useEffect, useRef, useState } from 'preact/hooks';
import { Dialog } from '../../../components/dialog.tsx';
import { fmt, t, type MessageKey } from '../../../i18n/i18n.ts';
import { station, useStation } from '../../../station-store.ts';
import { navigate } from '../../../navigation.ts';
import type { ConversionsResponse, Course, Courses, SessionAnswer, SessionView, VolumesResponse } from '../../../api-types.ts';
import { adminApi, failureText } from '../admin-api.ts';
import { useAdmin, useAdminResource, useStable, useStationEvents } from '../admin-hooks.ts';
import { ConfirmDialog, Problem } from '../fields.tsx';
import { courseStatus, sourceLabel } from './library-labels.ts';
import { UsbImport } from './library-usb.tsx';
import { UrlImport } from './library-url.tsx';
import { LibraryLog } from './library-log.tsx';

type View = 'courses' | 'usb' | 'url' | 'log';

const VIEWS: { id: View; label: MessageKey }[] = [
  { id: 'courses', label: 'library.view.courses' },
  { id: 'usb', label: 'library.view.usb' },
  { id: 'url', label: 'library.view.url' },
  { id: 'log', label: 'library.view.log' },
];

const SESSION_STATUS_KEYS: Record<SessionView['session']['status'], MessageKey> = {
  checkin: 'admin.session.checkin',
  playing: 'admin.session.playing',
  ended: 'admin.session.ended',
  cancelled: 'admin.session.cancelled',
};

function minutes(ms: number | null): string {
  return ms === null ? '—' : t('common.minutes', { n: Math.max(1, Math.round(ms / 60_000)) });
}

export function LibraryTab() {
  const [view, setView] = useState<View>('courses');
  const [openVolume, setOpenVolume] = useState<string | null>(null);
  const head = useRef<HTMLElement>(null);
  // A view that closes itself (an import finished) removes the button that had the focus: the remote's
  // focus goes to the view now shown, rather than nowhere.
  useEffect(() => {
    const id = requestAnimationFrame(() => {
      const active = document.activeElement;
      if (active === null || active === document.body) head.current?.querySelector<HTMLElement>(`[data-testid=library-view-${view}]`)?.focus();
    });
    return () => cancelAnimationFrame(id);
  }, [view]);
  return (
    <section class="adm-panel" data-testid="library-tab">
      <header class="adm-panel-head" ref={head}>
        <h2 class="adm-h2">{t('admin.library.title')}</h2>
        <div class="adm-head-actions" role="group">
          {VIEWS.map((v) => (
            <button
              key={v.id}
              type="button"
              class={`btn adm-toggle ${view === v.id ? 'adm-on' : ''}`}
              aria-pressed={view === v.id}
              data-testid={`library-view-${v.id}`}
              onClick={() => {
                setOpenVolume(null);
                setView(v.id);
              }}
            >
              {t(v.label)}
            </button>
          ))}
        </div>
      </header>
      {view === 'courses' && (
        <CoursesView
          onOpenVolume={(id) => {
            setOpenVolume(id);
            setView('usb');
          }}
        />
      )}
      {view === 'usb' && <UsbImport volumeId={openVolume} onFinished={() => setView('courses')} />}
      {view === 'url' && <UrlImport />}
      {view === 'log' && <LibraryLog />}
    </section>
  );
}

/** The courses with their live conversion state, what is running now, and a banner when a stick is in. */
function CoursesView(props: { onOpenVolume: (id: string) => void }) {
  const { notify } = useAdmin();
  const { state } = useStation();
  const courses = useAdminResource<Courses>('/api/admin/courses');
  const conversions = useAdminResource<ConversionsResponse>('/api/admin/library/conversions');
  const volumes = useAdminResource<VolumesResponse>('/api/admin/library/volumes');
  const [live, setLive] = useState<Map<number, { share: number; paused: boolean }>>(new Map());
  // A course arriving, converted or removed, and a stick plugged in or out, all come as data_changed.
  useStationEvents(['data_changed', 'schedule_changed'], () => {
    courses.reload();
    conversions.reload();
    volumes.reload();
  });
  // The converter's progress comes many times a second; it only moves the percentage shown.
  useEffect(
    () =>
      station.onEvent((e) => {
        if (e.type !== 'library_progress') return;
        setLive((current) => new Map(current).set(e.courseId, { share: e.share, paused: e.paused }));
      }),
    [],
  );
  const conversionOf = new Map((conversions.data?.conversions ?? []).map((c) => [c.courseId, c]));
  const canRunNow = conversions.data?.canRunNow ?? true;
  const [playing, setPlaying] = useState<Course | null>(null);
  const [stopping, setStopping] = useState<SessionView | null>(null);
  const [busy, setBusy] = useState(false);
  const closePlay = useStable(() => setPlaying(null));
  const closeStop = useStable(() => setStopping(null));
  const running = (state?.live ?? []).filter((v) => v.session.status === 'checkin' || v.session.status === 'playing');

  const play = async (course: Course, kind: 'group_viewing' | 'background') => {
    setBusy(true);
    try {
      const { session } = await adminApi.post<SessionAnswer>('/api/admin/play', { courseId: course.id, kind });
      notify(t('admin.library.started', { title: course.title }));
      setPlaying(null);
      // A group viewing opens its check-in first: the door screen, with 立即开始 once the room is in. Otherwise the
      // agent announces the start and the kiosk shows the player, which ends admin mode.
      if (session.status === 'checkin') navigate({ screen: 'checkin', sessionId: session.id });
      void station.refresh();
    } catch (err) {
      notify(failureText(err), 'error');
    } finally {
      setBusy(false);
    }
  };

  const stop = async (view: SessionView) => {
    setBusy(true);
    try {
      await adminApi.post(`/api/admin/sessions/${view.session.id}/stop`);
      notify(t('admin.library.stopped', { title: view.session.title }));
      setStopping(null);
      void station.refresh();
    } catch (err) {
      notify(failureText(err), 'error');
    } finally {
      setBusy(false);
    }
  };

  const stick = volumes.data?.volumes[0];
  return (
    <>
      {stick && (
        <div class="lib-banner" data-testid="stick-banner">
          <span>{t('library.stickSeen', { label: stick.label })}</span>
          <button type="button" class="btn btn-primary" data-testid="stick-open" onClick={() => props.onOpenVolume(stick.id)}>
            {t('library.stickOpen')}
          </button>
        </div>
      )}
      <h3 class="adm-h3">{t('admin.library.live')}</h3>
      {running.length === 0 ? (
        <p class="adm-empty" data-testid="live-none">{t('admin.library.nothingLive')}</p>
      ) : (
        <ul class="adm-list" data-testid="live-list">
          {running.map((v) => (
            <li key={v.session.id} class="adm-row" data-testid="live-row">
              <div class="adm-row-main">
                <div class="adm-row-title">
                  {v.session.title}
                  <span class="tag">{t(SESSION_STATUS_KEYS[v.session.status])}</span>
                </div>
                <div class="adm-row-sub">
                  {v.session.kind === 'group_viewing' ? t('common.groupViewing') : t('common.background')}
                  {'\u3000'}
                  {v.session.startedAt !== null ? t('admin.library.startedAt', { time: fmt.time(v.session.startedAt) }) : t('admin.library.startsAt', { time: fmt.time(v.session.scheduledStart) })}
                </div>
              </div>
              <div class="adm-row-actions">
                <button type="button" class="btn btn-danger" data-testid="stop-session" onClick={() => setStopping(v)}>
                  {t('admin.library.stop')}
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}

      <h3 class="adm-h3">{t('admin.library.courses')}</h3>
      <Problem text={courses.error} />
      {courses.data && courses.data.courses.length === 0 && <p class="adm-empty">{t('admin.library.noCourses')}</p>}
      <table class="adm-table" data-testid="course-table">
        <thead>
          <tr>
            <th>{t('admin.library.col.title')}</th>
            <th>{t('admin.library.col.series')}</th>
            <th>{t('admin.library.col.duration')}</th>
            <th>{t('library.col.source')}</th>
            <th>{t('admin.library.col.status')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(courses.data?.courses ?? []).map((c) => (
            <tr key={c.id} data-testid="course-row" data-status={c.status} data-course={c.id}>
              <td>
                {c.title}
                {c.streamUrl !== null && c.localPath === null && <span class="tag adm-tag-quiet">{t('library.status.stream')}</span>}
              </td>
              <td>{c.series ?? '—'}</td>
              <td class="num">{minutes(c.durationMs)}</td>
              <td>{sourceLabel(c.source)}</td>
              <td class={`lib-status lib-status-${c.status}`} data-testid="course-status">{courseStatus(c, conversionOf.get(c.id), live.get(c.id), canRunNow)}</td>
              <td class="adm-cell-actions">
                <button type="button" class="btn" disabled={c.status !== 'ready'} data-testid="play-course" onClick={() => setPlaying(c)}>
                  {t('admin.library.play')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {!canRunNow && (conversions.data?.conversions.length ?? 0) > 0 && <p class="adm-footnote" data-testid="conversions-waiting">{t('library.conversions.waiting')}</p>}

      {playing && (
        <Dialog title={t('admin.library.playTitle', { title: playing.title })} onClose={closePlay} testId="play-dialog">
          <p class="adm-confirm-text">{t('admin.library.playExplain')}</p>
          <div class="adm-actions adm-actions-column">
            <button type="button" class="btn btn-primary" data-autofocus disabled={busy} data-testid="play-group" onClick={() => void play(playing, 'group_viewing')}>
              {t('admin.library.playGroup')}
            </button>
            <button type="button" class="btn" disabled={busy} data-testid="play-background" onClick={() => void play(playing, 'background')}>
              {t('admin.library.playBackground')}
            </button>
            <button
              type="button"
              class="btn"
              data-testid="play-preview"
              onClick={() => navigate({ screen: 'player', sessionId: null, courseId: playing.id, title: playing.title })}
            >
              {t('admin.library.preview')}
            </button>
            <button type="button" class="btn" onClick={closePlay}>{t('common.cancel')}</button>
          </div>
        </Dialog>
      )}
      {stopping && (
        <ConfirmDialog
          title={t('admin.library.stopTitle')}
          text={t('admin.library.stopText', { title: stopping.session.title })}
          confirmLabel={t('admin.library.stop')}
          danger
          busy={busy}
          onCancel={closeStop}
          onConfirm={() => void stop(stopping)}
        />
      )}
    </>
  );
}
