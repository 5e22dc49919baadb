// 通知联系人 on the 告警通知 page: who hears of a station's alerts — a station's own people, a unit's office, and
// (hub-wide administrators) the county platform's desk — by SMS or a WeChat Work / DingTalk group robot. The
// place picker offers only the caller's stations and units (the hub checks again); a robot's key comes back cut,
// and 发送测试 shows whether the test reached it or the provider's code.
import { useState } from 'preact/hooks';
import { api, failureMessage } from '../api.ts';
import { fmt } from '../format.ts';
import { t } from '../i18n/i18n.ts';
import { useApi } from '../use-api.ts';
import { useAction } from '../use-action.ts';
import { Panel } from '../components/page-header.tsx';
import { Loaded } from '../components/load-state.tsx';
import { RecordTable, type Column } from '../components/record-table.tsx';
import { ConfirmAction, useConfirmation } from '../components/confirm-action.tsx';
import { Field, inputValue } from '../components/field.tsx';
import { unitDepths } from '../components/unit-select.tsx';
import type { ContactTestAnswer, NotifyChannel, NotifyContact, NotifyContactAnswer, NotifyContactsAnswer, StationListAnswer, UnitsAnswer } from '../api-types.ts';

const CHANNELS: readonly NotifyChannel[] = ['sms', 'wecom', 'dingtalk'];
const DESK = 'desk';

interface Places {
  stations: StationListAnswer['stations'];
  tree: UnitsAnswer | undefined;
  hubWide: boolean;
}

function placeName(places: Places, c: NotifyContact): string {
  if (c.stationId !== null) return places.stations.find((s) => s.id === c.stationId)?.name ?? c.stationId;
  if (c.unitId !== null) return places.tree?.units.find((u) => u.id === c.unitId)?.name ?? c.unitId;
  return t('notify.place.desk');
}

/** One select for where a contact belongs: a station (s:…), a unit (u:…) or the hub's desk. */
function PlaceSelect({ places, value, onChange }: { places: Places; value: string; onChange: (value: string) => void }) {
  const units = (places.tree?.units ?? []).filter((u) => u.retiredAt === null);
  const depth = unitDepths(places.tree?.units ?? []);
  return (
    <select name="place" value={value} onChange={(e) => onChange((e.target as HTMLSelectElement).value)}>
      <option value="">{t('notify.place.pick')}</option>
      {places.hubWide && <option value={DESK}>{t('notify.place.desk')}</option>}
      <optgroup label={t('notify.place.stations')}>
        {places.stations
          .filter((s) => s.retiredAt === null)
          .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'))
          .map((s) => (
            <option key={s.id} value={`s:${s.id}`}>
              {s.name}
            </option>
          ))}
      </optgroup>
      {units.length > 0 && (
        <optgroup label={t('notify.place.units')}>
          {units.map((u) => (
            <option key={u.id} value={`u:${u.id}`}>
              {`${'\u3000'.repeat(depth.get(u.id) ?? 0)}${u.name}（${t(`units.level.${u.level}`)}）`}
            </option>
          ))}
        </optgroup>
      )}
    </select>
  );
}

function AddContact({ places, onAdded }: { places: Places; onAdded: () => void }) {
  const [place, setPlace] = useState('');
  const [name, setName] = useState('');
  const [channel, setChannel] = useState<NotifyChannel>('sms');
  const [address, setAddress] = useState('');
  const [secret, setSecret] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const action = useAction();
  const submit = async (e: Event) => {
    e.preventDefault();
    if (place === '') return setProblem(t('notify.place.pick'));
    setProblem(null);
    const where = place === DESK ? {} : place.startsWith('s:') ? { stationId: place.slice(2) } : { unitId: place.slice(2) };
    const body = { ...where, name, channel, address, ...(channel === 'dingtalk' && secret.trim() !== '' ? { secret: secret.trim() } : {}) };
    const added = await action.run(() => api.post<NotifyContactAnswer>('/api/county/notify/contacts', body), t('notify.added', { name: name.trim() }));
    if (added) {
      setName('');
      setAddress('');
      setSecret('');
      onAdded();
    }
  };
  return (
    <form class="form form-inline" onSubmit={submit} noValidate data-testid="contact-add">
      <Field label={t('notify.place')} error={problem}>
        <PlaceSelect places={places} value={place} onChange={setPlace} />
      </Field>
      <Field label={t('notify.name')} hint={t('notify.nameHint')}>
        <input name="name" maxLength={40} autocomplete="off" value={name} onInput={(e) => setName(inputValue(e))} />
      </Field>
      <Field label={t('notify.channel')}>
        <select name="channel" value={channel} onChange={(e) => setChannel((e.target as HTMLSelectElement).value as NotifyChannel)}>
          {CHANNELS.map((c) => (
            <option key={c} value={c}>
              {t(`channel.${c}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={channel === 'sms' ? t('notify.address.sms') : t('notify.address.robot')} hint={channel === 'sms' ? undefined : t('notify.address.robotHint')} error={action.error} class="grow">
        <input name="address" type={channel === 'sms' ? 'tel' : 'url'} maxLength={channel === 'sms' ? 20 : 500} autocomplete="off" value={address} onInput={(e) => setAddress(inputValue(e))} />
      </Field>
      {channel === 'dingtalk' && (
        <Field label={t('notify.secret')} hint={t('notify.secretHint')}>
          <input name="secret" type="password" autocomplete="off" maxLength={200} value={secret} onInput={(e) => setSecret(inputValue(e))} />
        </Field>
      )}
      <button type="submit" class="btn btn-primary" disabled={action.busy}>
        {t('notify.submit')}
      </button>
    </form>
  );
}

/** 发送测试 and what came of it, beside each contact. */
function TestButton({ contact }: { contact: NotifyContact }) {
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const run = async () => {
    setBusy(true);
    setOutcome(null);
    try {
      const r = await api.post<ContactTestAnswer>(`/api/county/notify/contacts/${encodeURIComponent(contact.id)}/test`);
      setOutcome({ ok: r.delivered, text: r.delivered ? t('notify.test.delivered') : t('notify.test.failed', { code: r.lastCode || '—' }) });
    } catch (err) {
      setOutcome({ ok: false, text: failureMessage(err) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" class="btn btn-small" disabled={busy} onClick={() => void run()} data-testid="contact-test">
        {busy ? t('notify.testing') : t('notify.test')}
      </button>
      {outcome && (
        <span class={`tag ${outcome.ok ? 'tag-good' : 'tag-bad'}`} role="status" data-testid="contact-test-result">
          {outcome.text}
        </span>
      )}
    </>
  );
}

const columns = (places: Places): Column<NotifyContact>[] => [
  { header: t('notify.col.place'), cell: (c) => placeName(places, c), testid: 'contact-place' },
  { header: t('notify.col.name'), cell: (c) => <strong>{c.name}</strong> },
  { header: t('notify.col.channel'), class: 'nowrap', cell: (c) => t(`channel.${c.channel}`) },
  {
    header: t('notify.col.address'),
    cell: (c) => (
      <>
        <span class="mono small">{c.shownAddress}</span> {c.hasSecret && <span class="tag tag-neutral">{t('notify.hasSecret')}</span>}
      </>
    ),
  },
  { header: t('notify.col.added'), class: 'nowrap num-font', cell: (c) => fmt.dateTime(c.createdAt) },
];

export function NotifyContacts({ hubWide }: { hubWide: boolean }) {
  const contacts = useApi<NotifyContactsAnswer>('/api/county/notify/contacts');
  const stations = useApi<StationListAnswer>('/api/county/stations').data?.stations ?? [];
  const tree = useApi<UnitsAnswer>('/api/county/units').data;
  const places: Places = { stations, tree, hubWide };
  const removing = useConfirmation<NotifyContact>();
  return (
    <>
      <Panel title={t('notify.add')}>
        <AddContact places={places} onAdded={contacts.reload} />
      </Panel>
      <Panel title={t('notify.contacts')}>
        <Loaded {...contacts}>
          {(data) => (
            <RecordTable
              records={data.contacts}
              columns={columns(places)}
              recordKey={(c) => c.id}
              rowAttributes={(c) => ({ 'data-contact': c.name })}
              testid="contacts"
              empty={t('notify.empty')}
              actionsHeader={t('notify.col.actions')}
              actions={(c) => (
                <>
                  <TestButton contact={c} />
                  <button type="button" class="btn btn-small btn-danger-text" onClick={() => removing.ask(c)} data-testid="contact-remove">
                    {t('notify.remove')}
                  </button>
                </>
              )}
              scroll
            />
          )}
        </Loaded>
      </Panel>
      <ConfirmAction
        confirmation={removing}
        title={() => t('notify.remove.title')}
        message={(c) => t('notify.remove.confirm', { name: c.name })}
        confirmLabel={() => t('notify.remove')}
        perform={async (c, action) => Boolean(await action.run(() => api.del(`/api/county/notify/contacts/${encodeURIComponent(c.id)}`), t('notify.removed')))}
        onDone={contacts.reload}
      />
    </>
  );
}
