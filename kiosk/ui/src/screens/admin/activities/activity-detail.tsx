// One branch activity's record: what was held, the attendance, the minutes, the photos as thumbnails; its check-in
// (opened and closed here; members by their names or a card tap, guests by name), photos from a USB stick, 打印记录表
// and 撤销记录 (the record stays, marked with who, when and why).
import { useState } from 'preact/hooks';
import { currentLocale, t } from '../../../i18n/i18n.ts';
import type { ActivityCheckinOutcome, ActivityDetail as Detail, Members, PhotoOutcomes, RemovableVolume } from '../../../api-types.ts';
import { useBackHandler } from '../../../navigation.ts';
import { adminApi, failureText } from '../admin-api.ts';
import { rememberFocus, restoreFocus, useAdmin, useAdminResource, useStable, useStationEvents } from '../admin-hooks.ts';
import { Problem } from '../fields.tsx';
import { PrintDialog } from '../records/records-exports.tsx';
import { useCardTaps } from '../../checkin/use-card-taps.ts';
import { ACTIVITY_KIND_KEYS, localDateTime } from './activity-labels.ts';
import { GuestDialog, PhotoDialog, Thumbnail, WithdrawDialog } from './activity-dialogs.tsx';

type Dialog = null | 'withdraw' | 'guest' | 'photos' | 'print';

export function ActivityDetail(props: { id: number; onBack: () => void }) {
  const { notify } = useAdmin();
  const detail = useAdminResource<Detail>(`/api/admin/activities/${props.id}`);
  const members = useAdminResource<Members>('/api/admin/members');
  const [dialog, setDialog] = useState<Dialog>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useStationEvents(['data_changed'], () => detail.reload());
  const close = useStable(() => {
    setDialog(null);
    restoreFocus();
  });
  useBackHandler(dialog === null ? props.onBack : null);

  const a = detail.data?.activity;
  const open = a !== undefined && a.withdrawn === null && a.checkinOpenedAt !== null && a.checkinClosedAt === null;
  const act = async (run: () => Promise<unknown>) => {
    setBusy(true);
    setProblem(null);
    try {
      await run();
      detail.reload();
    } catch (err) {
      setProblem(failureText(err));
    } finally {
      setBusy(false);
      // A button that did its work may be gone (开始签到 once open): the remote's focus goes back to the record's first action.
      requestAnimationFrame(() => {
        if (document.activeElement === null || document.activeElement === document.body) {
          document.querySelector<HTMLElement>('[data-testid=activity-detail] .adm-head-actions button')?.focus();
        }
      });
    }
  };
  const checkIn = (body: unknown) =>
    act(async () => {
      const r = await adminApi.post<ActivityCheckinOutcome>(`/api/admin/activities/${props.id}/checkins`, body);
      notify(t(r.status === 'checked_in' ? 'admin.activities.checkedIn' : 'admin.activities.already', { name: r.name }));
    });
  useCardTaps(open && dialog === null, (cardUid) => void checkIn({ cardUid }));

  if (!a || !detail.data) return <section class="adm-panel"><Problem text={detail.error} /></section>;
  const d = detail.data;
  const present = new Set(d.checkins.filter((c) => c.memberId !== null).map((c) => c.memberId));
  const onRoster = (members.data?.members ?? []).filter((m) => (m.activeFrom === null || m.activeFrom <= a.date) && (m.activeTo === null || m.activeTo >= a.date));
  const guests = d.checkins.filter((c) => c.memberId === null);
  return (
    <section class="adm-panel" data-testid="activity-detail">
      <header class="adm-panel-head">
        <h2 class="adm-h2">
          {t('admin.activities.record', { n: a.id, kind: t(ACTIVITY_KIND_KEYS[a.kind]), topic: a.topic })}
          {a.withdrawn && <span class="adm-tag"> {t('admin.activities.withdrawn')}</span>}
        </h2>
        <div class="adm-head-actions">
          {a.withdrawn === null && a.checkinOpenedAt === null && (
            <button type="button" class="btn btn-primary" disabled={busy} data-testid="activity-checkin-open" onClick={() => void act(() => adminApi.post(`/api/admin/activities/${a.id}/checkin/open`))}>
              {t('admin.activities.checkinOpen')}
            </button>
          )}
          {open && (
            <button type="button" class="btn btn-primary" disabled={busy} data-testid="activity-checkin-close" onClick={() => void act(() => adminApi.post(`/api/admin/activities/${a.id}/checkin/close`))}>
              {t('admin.activities.checkinClose')}
            </button>
          )}
          {a.withdrawn === null && (
            <button type="button" class="btn" data-testid="activity-photos" data-focus-key="activity-photos" onClick={() => (rememberFocus(), setDialog('photos'))}>
              {t('admin.activities.importPhotos')}
            </button>
          )}
          <button type="button" class="btn" data-testid="activity-print" data-focus-key="activity-print" onClick={() => (rememberFocus(), setDialog('print'))}>
            {t('admin.activities.printRecord')}
          </button>
          {a.withdrawn === null && (
            <button type="button" class="btn btn-danger" data-testid="activity-withdraw" data-focus-key="activity-withdraw" onClick={() => (rememberFocus(), setDialog('withdraw'))}>
              {t('admin.activities.withdraw')}
            </button>
          )}
          <button type="button" class="btn" data-testid="activity-back" onClick={props.onBack}>
            {t('common.back')}
          </button>
        </div>
      </header>
      <Problem text={problem ?? detail.error} testId="activity-detail-problem" />
      <p class="adm-activity-line" data-testid="activity-when">
        {a.date} {a.startTime}
        {a.endTime ? `–${a.endTime}` : ''} · {a.place} · {a.host}
        {a.branch ? ` · ${a.branch}` : ''}
      </p>
      <p class="adm-activity-line" data-testid="activity-figures">
        {t('admin.activities.figures', { registered: d.figures.registered, attended: d.figures.attendedRegistered, guests: d.figures.guests })}
        {a.checkinClosedAt !== null && ` · ${t('admin.activities.checkinClosed')}`}
      </p>
      {a.withdrawn && (
        <p class="adm-activity-line adm-problem" data-testid="activity-withdrawn">
          {t('admin.activities.withdrawnBy', { who: a.withdrawn.by, at: localDateTime(a.withdrawn.at), reason: a.withdrawn.reason })}
        </p>
      )}
      {open && (
        <div class="adm-activity-checkin" data-testid="activity-checkin">
          <p class="adm-activity-line">{t('admin.activities.checkinOpenNow')}</p>
          <div class="adm-activity-tiles">
            {onRoster.map((m) => (
              <button
                key={m.id}
                type="button"
                class={`btn adm-activity-tile ${present.has(m.id) ? 'adm-activity-tile-on' : ''}`}
                data-testid="activity-tile"
                data-member={m.id}
                onClick={() => void checkIn({ memberId: m.id, method: 'tile' })}
              >
                {m.name}
              </button>
            ))}
            <button type="button" class="btn" data-testid="activity-guest" data-focus-key="activity-guest" onClick={() => (rememberFocus(), setDialog('guest'))}>
              {t('admin.activities.guest')}
            </button>
          </div>
          {guests.length > 0 && <p class="adm-activity-line">{guests.map((g) => g.name).join(currentLocale() === 'en' ? ', ' : '、')}</p>}
        </div>
      )}
      {!open && d.checkins.length > 0 && <p class="adm-activity-line" data-testid="activity-attendees">{d.checkins.map((c) => c.name).join(currentLocale() === 'en' ? ', ' : '、')}</p>}
      <pre class="adm-activity-minutes" data-testid="activity-minutes-text">{a.minutes === '' ? t('admin.activities.noMinutes') : a.minutes}</pre>
      <h3 class="adm-h3">{t('admin.activities.photos', { n: d.photos.length })}</h3>
      {d.photos.some((p) => p.state !== 'ok') && <Problem text={t('admin.activities.photoChanged')} />}
      <div class="adm-activity-photos" data-testid="activity-thumbnails">
        {d.photos.map((p) => (
          <Thumbnail key={p.id} sha256={p.sha256} name={p.originalName} />
        ))}
      </div>
      {dialog === 'withdraw' && <WithdrawDialog id={a.id} onClose={close} onDone={() => (close(), detail.reload())} />}
      {dialog === 'guest' && <GuestDialog onClose={close} onCheckIn={(guest) => (close(), void checkIn({ guest }))} />}
      {dialog === 'photos' && (
        <PhotoDialog
          onClose={close}
          onImport={async (volume: RemovableVolume) => {
            const r = await adminApi.post<PhotoOutcomes>(`/api/admin/activities/${a.id}/photos`, { volumeId: volume.id });
            detail.reload();
            return r.outcomes;
          }}
        />
      )}
      {dialog === 'print' && <PrintDialog item={{ kind: 'activity-record', params: { activity: String(a.id) }, label: t('admin.activities.printRecord') }} onClose={close} />}
    </section>
  );
}
