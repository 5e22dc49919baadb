// The activity record's dialogs: withdrawing it (with a reason), a guest's check-in, photos from a USB stick; and a
// photo's thumbnail.
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../../../i18n/i18n.ts';
import type { GuestCategory, PhotoOutcome, RemovableVolume, Thumbnail, VolumesResponse } from '../../../api-types.ts';
import { Dialog } from '../../../components/dialog.tsx';
import { refusalText } from '../../../i18n/refusals.ts';
import { adminApi, failureText } from '../admin-api.ts';
import { useAdminResource } from '../admin-hooks.ts';
import { Problem, TextField, ToggleGroup } from '../fields.tsx';
import { GUEST_KEYS } from '../admin-labels.ts';

export function WithdrawDialog(props: { id: number; onClose: () => void; onDone: () => void }) {
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const withdraw = async () => {
    if (reason.trim() === '') return setProblem(t('admin.activities.reasonNeeded'));
    setBusy(true);
    try {
      await adminApi.post(`/api/admin/activities/${props.id}/withdraw`, { reason });
      props.onDone();
    } catch (err) {
      setProblem(failureText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog title={t('admin.activities.withdrawTitle')} onClose={props.onClose} testId="activity-withdraw-dialog">
      <p class="adm-confirm-text">{t('admin.activities.withdrawText')}</p>
      <TextField label={t('admin.activities.reason')} value={reason} onInput={setReason} maxLength={500} wide testId="activity-reason" />
      <Problem text={problem} testId="activity-withdraw-problem" />
      <div class="adm-actions">
        <button type="button" class="btn" data-autofocus onClick={props.onClose}>{t('common.cancel')}</button>
        <button type="button" class="btn btn-danger" disabled={busy} data-testid="activity-withdraw-ok" onClick={() => void withdraw()}>
          {t('admin.activities.withdraw')}
        </button>
      </div>
    </Dialog>
  );
}

const GUEST_CATEGORIES: readonly GuestCategory[] = ['non_registered', 'mobile', 'activist', 'applicant', 'employee', 'other'];

export function GuestDialog(props: { onClose: () => void; onCheckIn: (guest: { name: string; category: GuestCategory }) => void }) {
  const [name, setName] = useState('');
  const [category, setCategory] = useState<GuestCategory>('activist');
  return (
    <Dialog title={t('admin.activities.guest')} onClose={props.onClose} testId="activity-guest-dialog">
      <TextField label={t('admin.activities.guestName')} value={name} onInput={setName} maxLength={40} testId="activity-guest-name" />
      <ToggleGroup label="" value={category} options={GUEST_CATEGORIES.map((c) => ({ value: c, label: t(GUEST_KEYS[c]) }))} onChange={setCategory} testId="activity-guest-category" />
      <div class="adm-actions">
        <button type="button" class="btn" onClick={props.onClose}>{t('common.cancel')}</button>
        <button type="button" class="btn btn-primary" disabled={name.trim() === ''} data-testid="activity-guest-ok" onClick={() => props.onCheckIn({ name: name.trim(), category })}>
          {t('common.save')}
        </button>
      </div>
    </Dialog>
  );
}

export function PhotoDialog(props: { onClose: () => void; onImport: (volume: RemovableVolume) => Promise<PhotoOutcome[]> }) {
  const volumes = useAdminResource<VolumesResponse>('/api/admin/library/volumes');
  const [outcomes, setOutcomes] = useState<PhotoOutcome[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (volume: RemovableVolume) => {
    // Not disabled while it runs (the remote's focus would drop off it): a second OK waits for the first.
    if (busy) return;
    setBusy(true);
    setProblem(null);
    try {
      setOutcomes(await props.onImport(volume));
    } catch (err) {
      setProblem(failureText(err));
    } finally {
      setBusy(false);
    }
  };
  const list = volumes.data?.volumes ?? [];
  // The sticks arrive after the dialog opens: the remote's focus goes to the first one then.
  const firstVolume = useRef<HTMLButtonElement>(null);
  useEffect(() => firstVolume.current?.focus(), [list.length > 0]);
  return (
    <Dialog title={t('admin.activities.importPhotos')} onClose={props.onClose} testId="activity-photo-dialog">
      {volumes.data && list.length === 0 && <p class="adm-empty">{t('admin.activities.noVolume')}</p>}
      <div class="adm-actions">
        {list.map((v, i) => (
          <button key={v.id} ref={i === 0 ? firstVolume : undefined} type="button" class="btn btn-primary" aria-busy={busy} data-testid="activity-volume" onClick={() => void run(v)}>
            {v.label}
          </button>
        ))}
        <button type="button" class="btn" data-autofocus={list.length === 0 ? true : undefined} onClick={props.onClose}>{t('common.back')}</button>
      </div>
      <Problem text={problem ?? volumes.error} testId="activity-photo-problem" />
      {outcomes && (
        <ul class="adm-activity-outcomes" data-testid="activity-photo-outcomes">
          <li>{t('admin.activities.photosImported', { n: outcomes.filter((o) => o.status === 'imported').length })}</li>
          {outcomes
            .filter((o): o is Extract<PhotoOutcome, { status: 'refused' }> => o.status === 'refused')
            .map((o) => (
              <li key={o.name} class="adm-problem">{refusalText(o.refusal)}</li>
            ))}
        </ul>
      )}
    </Dialog>
  );
}

export function Thumbnail(props: { sha256: string; name: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    adminApi
      .get<Thumbnail>(`/api/admin/activities/photos/${props.sha256}/thumbnail`)
      .then((r) => live && setSrc(r.dataUrl))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [props.sha256]);
  return <figure class="adm-activity-photo">{src ? <img src={src} alt={props.name} data-testid="activity-thumbnail" /> : <span>{props.name}</span>}</figure>;
}
