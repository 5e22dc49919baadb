// Go live now (issue 17): the form that starts a county live broadcast for a target, the live view of who plays it
// (playing / not yet / offline) and how many checked in, refreshed every few seconds, ending it, and a program's or
// notice's delivery per station (sent, received, shown).
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.ts';
import { fmt } from '../format.ts';
import { t } from '../i18n/i18n.ts';
import { useAction } from '../use-action.ts';
import { useApi } from '../use-api.ts';
import { Dialog } from '../components/dialog.tsx';
import { ConfirmAction, useConfirmation } from '../components/confirm-action.tsx';
import { FormDialog } from '../components/form-dialog.tsx';
import { Field, inputValue } from '../components/field.tsx';
import { Loaded } from '../components/load-state.tsx';
import { RecordTable } from '../components/record-table.tsx';
import { UnitSelect } from '../components/unit-select.tsx';
import { TargetSelect, targetBody, targetOfRecord, targetProblem } from '../components/target-select.tsx';
import type { CountyProgram, DeliveriesAnswer, LiveState, UnitsAnswer } from '../api-types.ts';

/** How often the live view asks again: a broadcast reaches waiting stations within seconds. */
const LIVE_REFRESH_MS = 3_000;

export function GoLiveForm({ onStarted, onClose }: { onStarted: (programId: number) => void; onClose: () => void }) {
  const [title, setTitle] = useState('');
  const [streamUrl, setStreamUrl] = useState('');
  const [unitId, setUnitId] = useState('');
  const [target, setTarget] = useState(targetOfRecord(null));
  const [problem, setProblem] = useState<string | null>(null);
  const tree = useApi<UnitsAnswer>('/api/county/units').data;
  const action = useAction();
  const submit = async (e: Event) => {
    e.preventDefault();
    if (title.trim() === '') return setProblem(t('live.error.title'));
    if (!/^https?:\/\/\S+$/.test(streamUrl.trim())) return setProblem(t('program.error.stream'));
    if (targetProblem(target) !== null) return setProblem(targetProblem(target));
    setProblem(null);
    const body = { title: title.trim(), streamUrl: streamUrl.trim(), ...(unitId === '' ? {} : { unitId }), ...targetBody(target) };
    const started = await action.run(() => api.post<{ program: CountyProgram }>('/api/county/live', body), t('live.started'));
    if (started !== undefined) onStarted(started.program.id);
  };
  return (
    <FormDialog title={t('live.form.title')} formId="go-live" onSubmit={submit} onClose={onClose} action={action} testid="go-live" wide>
      <Field label={t('program.title')} error={problem}>
        <input name="title" maxLength={200} value={title} onInput={(e) => setTitle(inputValue(e))} />
      </Field>
      <Field label={t('live.stream')}>
        <input name="streamUrl" maxLength={2000} placeholder="https://…/live.m3u8" value={streamUrl} onInput={(e) => setStreamUrl(inputValue(e))} />
      </Field>
      <UnitSelect tree={tree} value={unitId} onChange={setUnitId} label={t('units.reach')} />
      <TargetSelect value={target} onChange={setTarget} unitId={unitId} />
    </FormDialog>
  );
}

/** Reloads a resource every `ms` while the dialog is open. */
function useRefresh(reload: () => void, ms: number): void {
  useEffect(() => {
    const timer = setInterval(reload, ms);
    return () => clearInterval(timer);
  }, [reload, ms]);
}

const when = (at: number | null) => (at === null ? '—' : fmt.dateTime(at));

/**
 * Who plays a live broadcast, refreshed; an administrator may end it (after asking: every station playing it stops).
 * Once ended it says when, and which stations played it.
 */
export function LiveView({ programId, admin, onClose, onEnded }: { programId: number; admin: boolean; onClose: () => void; onEnded: () => void }) {
  const live = useApi<LiveState>(`/api/county/live/${programId}`);
  const ending = useConfirmation<LiveState>();
  useRefresh(live.reload, LIVE_REFRESH_MS);
  const footer = (
    <>
      {admin && live.data && live.data.program.endedAt === null && (
        <button type="button" class="btn btn-danger" onClick={() => ending.ask(live.data!)} data-testid="live-end">
          {t('live.end')}
        </button>
      )}
      <button type="button" class="btn" onClick={onClose}>
        {t('action.close')}
      </button>
    </>
  );
  return (
    <>
    <Dialog title={live.data ? t('live.view.title', { title: live.data.program.title }) : t('live.form.title')} onClose={onClose} footer={footer} testid="live-view" wide>
      <Loaded {...live}>
        {(data) => (
          <>
            <p class="live-counts" data-testid="live-counts">
              {data.program.endedAt === null
                ? t('live.counts', { playing: data.counts.playing, waiting: data.counts.waiting, offline: data.counts.offline, targeted: data.counts.targeted, checkedIn: data.counts.checkedIn })
                : t('live.counts.ended', { at: fmt.dateTime(data.program.endedAt), played: data.counts.played, notPlayed: data.counts.notPlayed, checkedIn: data.counts.checkedIn })}
            </p>
            <RecordTable
              records={data.stations}
              recordKey={(s) => s.stationId}
              rowAttributes={(s) => ({ 'data-station': s.stationId, 'data-state': s.state })}
              testid="live-stations"
              scroll
              columns={[
                { header: t('live.col.station'), cell: (s) => s.stationName },
                { header: t('live.col.state'), class: 'nowrap', testid: 'live-state', cell: (s) => <span class={`tag ${s.state === 'playing' ? 'tag-primary' : 'tag-neutral'}`}>{t(`live.state.${s.state}`)}</span> },
                { header: t('live.col.checkedIn'), class: 'num-font', cell: (s) => (s.checkedIn === null ? '—' : String(s.checkedIn)) },
                { header: t('delivery.col.shown'), class: 'nowrap num-font', cell: (s) => when(s.shownAt) },
              ]}
            />
          </>
        )}
      </Loaded>
    </Dialog>
    <ConfirmAction
      confirmation={ending}
      title={(l) => t('live.end.title', { title: l.program.title })}
      message={(l) => t('live.end.message', { playing: l.counts.playing })}
      confirmLabel={() => t('live.end')}
      perform={async (l, action) => (await action.run(() => api.post<LiveState>(`/api/county/live/${l.program.id}/end`, {}), t('live.ended'))) !== undefined}
      onDone={() => {
        live.reload();
        onEnded();
      }}
    />
    </>
  );
}

export function DeliveriesDialog({ url, title, onClose }: { url: string; title: string; onClose: () => void }) {
  const deliveries = useApi<DeliveriesAnswer>(url);
  const close = (
    <button type="button" class="btn" onClick={onClose}>
      {t('action.close')}
    </button>
  );
  return (
    <Dialog title={t('delivery.title', { title })} onClose={onClose} footer={close} testid="deliveries" wide>
      <Loaded {...deliveries}>
        {(data) => (
          <>
            <p data-testid="delivery-counts">{t('delivery.counts', data.counts)}</p>
            <RecordTable
              records={data.stations}
              recordKey={(s) => s.stationId}
              rowAttributes={(s) => ({ 'data-station': s.stationId })}
              testid="delivery-stations"
              scroll
              columns={[
                { header: t('live.col.station'), cell: (s) => s.stationName },
                { header: t('delivery.col.sent'), class: 'nowrap num-font', cell: (s) => when(s.sentAt) },
                { header: t('delivery.col.received'), class: 'nowrap num-font', cell: (s) => when(s.receivedAt) },
                { header: t('delivery.col.shown'), class: 'nowrap num-font', cell: (s) => when(s.shownAt) },
              ]}
            />
          </>
        )}
      </Loaded>
    </Dialog>
  );
}
