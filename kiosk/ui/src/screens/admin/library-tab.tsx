// 课件: the courseware the station holds, "play now" for any of it, and a stop for what is running.
import { useState } from 'preact/hooks';
import { Dialog } from '../../components/dialog.tsx';
import { fmt, t, type MessageKey } from '../../i18n/i18n.ts';
import { station, useStation } from '../../station-store.ts';
import { navigate } from '../../navigation.ts';
import type { Course, SessionView } from '../../api-types.ts';
import { adminApi, failureText } from './admin-api.ts';
import { useAdmin, useAdminResource, useStable } from './admin-hooks.ts';
import { ConfirmDialog, Problem } from './fields.tsx';
import './admin.css';

const STATUS_KEYS: Record<Course['status'], MessageKey> = {
  ready: 'admin.course.ready',
  converting: 'admin.course.converting',
  quarantined: 'admin.course.quarantined',
  missing: 'admin.course.missing',
  removed: 'admin.course.removed',
};

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
  const { notify } = useAdmin();
  const { state } = useStation();
  const courses = useAdminResource<{ courses: Course[] }>('/api/admin/courses');
  const [playing, setPlaying] = useState<Course | null>(null);
  const [stopping, setStopping] = useState<SessionView | null>(null);
  const [busy, setBusy] = useState(false);
  const closePlay = useStable(() => setPlaying(null));
  const closeStop = useStable(() => setStopping(null));
  const running = (state?.live ?? []).filter((v) => v.session.status === 'checkin' || v.session.status === 'playing');

  const play = async (course: Course, kind: 'group_viewing' | 'background') => {
    setBusy(true);
    try {
      await adminApi.post('/api/admin/play', { courseId: course.id, kind });
      notify(t('admin.library.started', { title: course.title }));
      setPlaying(null);
      // The agent announces the start; the kiosk then shows the player, which ends admin mode.
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

  return (
    <section class="adm-panel" data-testid="library-tab">
      <header class="adm-panel-head">
        <h2 class="adm-h2">{t('admin.library.title')}</h2>
      </header>

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
            <th>{t('admin.library.col.status')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(courses.data?.courses ?? []).map((c) => (
            <tr key={c.id} data-testid="course-row">
              <td>{c.title}</td>
              <td>{c.series ?? '—'}</td>
              <td class="num">{minutes(c.durationMs)}</td>
              <td>{t(STATUS_KEYS[c.status])}</td>
              <td class="adm-cell-actions">
                <button type="button" class="btn" disabled={c.status !== 'ready'} data-testid="play-course" onClick={() => setPlaying(c)}>
                  {t('admin.library.play')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="adm-footnote">{t('admin.library.importLater')}</p>

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
    </section>
  );
}
