// 收看, a tutor's tab: the playable courses, each opening a group viewing's check-in at the door, where the
// room signs in, the tutor is chosen and 立即开始 starts the showing.
import { useState } from 'preact/hooks';
import { t } from '../../../i18n/i18n.ts';
import { station } from '../../../station-store.ts';
import { navigate } from '../../../navigation.ts';
import type { Course, Courses, SessionAnswer } from '../../../api-types.ts';
import { adminApi, failureText } from '../admin-api.ts';
import { useAdmin, useAdminResource } from '../admin-hooks.ts';
import { Problem } from '../fields.tsx';

export function ViewingTab() {
  const { notify } = useAdmin();
  const courses = useAdminResource<Courses>('/api/admin/courses');
  const [busy, setBusy] = useState(false);
  const ready = (courses.data?.courses ?? []).filter((c) => c.status === 'ready');

  const start = async (course: Course) => {
    setBusy(true);
    try {
      const { session } = await adminApi.post<SessionAnswer>('/api/admin/play', { courseId: course.id, kind: 'group_viewing' });
      notify(t('admin.library.started', { title: course.title }));
      void station.refresh();
      navigate({ screen: 'checkin', sessionId: session.id });
    } catch (err) {
      notify(failureText(err), 'error');
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="adm-panel" data-testid="viewing-tab">
      <header class="adm-panel-head">
        <h2 class="adm-h2">{t('admin.viewing.title')}</h2>
      </header>
      <p class="adm-hint">{t('admin.viewing.explain')}</p>
      <Problem text={courses.error} />
      {courses.data && ready.length === 0 && <p class="adm-empty">{t('admin.viewing.none')}</p>}
      <ul class="adm-list" data-focus-section>
        {ready.map((c) => (
          <li key={c.id} class="adm-row" data-testid="viewing-course">
            <div class="adm-row-main">
              <div class="adm-row-title">{c.title}</div>
            </div>
            <div class="adm-row-actions">
              <button type="button" class="btn btn-primary" disabled={busy} data-testid={`viewing-start-${c.id}`} onClick={() => void start(c)}>
                {t('admin.viewing.start')}
              </button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
