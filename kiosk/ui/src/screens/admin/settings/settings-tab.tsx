// 设置: station settings, the county hub's address, the admin PIN, and the notices (通知) the board shows.
import { useEffect, useState } from 'preact/hooks';
import { stationTimeZone, t } from '../../../i18n/i18n.ts';
import { station } from '../../../station-store.ts';
import { useBackHandler } from '../../../navigation.ts';
import type { CheckinSoundLevel, NameOrderSetting, Notices, SiteGrade, StationSettings, TextSize } from '../../../api-types.ts';
import { adminApi, failureText } from '../admin-api.ts';
import { rememberFocus, restoreFocus, useAdmin, useAdminResource, useStable, useStationEvents } from '../admin-hooks.ts';
import { GRADE_KEYS } from '../admin-labels.ts';
import { ChoiceField, DateField, Field, NumberField, Problem, TextField, TextInput, ToggleGroup } from '../fields.tsx';
import { localDateAt } from '../schedule/local-dates.pure.ts';
import { ChangePinSteps } from '../pin-steps.tsx';
import { RoomCameraSetting } from './room-camera.tsx';

type Editable = Pick<
  StationSettings,
  | 'stationName' | 'grade' | 'timeZone' | 'language' | 'lateGraceMinutes' | 'checkinOpensBeforeMinutes' | 'checkinClosesAfterMinutes' | 'minPlayShare' | 'hubUrl' | 'volume'
  | 'textSize' | 'highContrast' | 'checkinSound' | 'nameOrder'
>;
const FIELDS: (keyof Editable)[] = [
  'stationName', 'grade', 'timeZone', 'language', 'lateGraceMinutes', 'checkinOpensBeforeMinutes', 'checkinClosesAfterMinutes', 'minPlayShare', 'hubUrl', 'volume',
  'textSize', 'highContrast', 'checkinSound', 'nameOrder',
];
const TEXT_SIZES: TextSize[] = [100, 125, 150];
const SOUND_LEVELS: CheckinSoundLevel[] = ['off', 'low', 'medium', 'high'];

/** Zones a Chinese station may be set to; the current one is always offered too. */
const ZONES = ['Asia/Shanghai', 'Asia/Urumqi', 'Asia/Hong_Kong', 'Asia/Macau', 'Asia/Taipei'];
// GRADE_KEYS names every grade (its type is the protocol's), so the list follows the protocol's.
const GRADES = Object.keys(GRADE_KEYS) as SiteGrade[];

function pick(settings: StationSettings): Editable {
  return Object.fromEntries(FIELDS.map((k) => [k, settings[k]])) as Editable;
}

export function SettingsTab() {
  const [changingPin, setChangingPin] = useState(false);
  const { notify } = useAdmin();
  const closePin = useStable(() => {
    setChangingPin(false);
    restoreFocus();
  });
  if (changingPin) {
    return (
      <PinChangeView
        onCancel={closePin}
        onDone={() => {
          closePin();
          notify(t('admin.pin.changed'));
        }}
      />
    );
  }
  return (
    <section class="adm-panel" data-testid="settings-tab">
      <header class="adm-panel-head">
        <h2 class="adm-h2">{t('admin.settings.title')}</h2>
        <div class="adm-head-actions">
          <button
            type="button"
            class="btn"
            data-testid="change-pin-button"
            data-focus-key="change-pin"
            onClick={() => {
              rememberFocus();
              setChangingPin(true);
            }}
          >
            {t('admin.settings.changePin')}
          </button>
        </div>
      </header>
      <SettingsForm />
      <Notices />
    </section>
  );
}

function PinChangeView(props: { onCancel: () => void; onDone: () => void }) {
  useBackHandler(props.onCancel);
  return (
    <div class="adm-centre">
      <ChangePinSteps forced={false} onCancel={props.onCancel} onDone={props.onDone} />
    </div>
  );
}

function SettingsForm() {
  const { notify } = useAdmin();
  const loaded = useAdminResource<StationSettings>('/api/admin/settings');
  const [form, setForm] = useState<Editable | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    if (loaded.data) setForm(pick(loaded.data));
  }, [loaded.data]);
  if (loaded.error) return <Problem text={loaded.error} />;
  if (!form || !loaded.data) return <p>{t('common.loading')}</p>;

  const saved = pick(loaded.data);
  const set = <K extends keyof Editable>(key: K, value: Editable[K]) => setForm({ ...form, [key]: value });
  // Only what changed is sent: the station log then says exactly which settings the administrator touched.
  const patch = Object.fromEntries(FIELDS.filter((k) => form[k] !== saved[k]).map((k) => [k, form[k]])) as Partial<Editable>;
  const dirty = Object.keys(patch).length > 0;

  const save = async () => {
    setSaving(true);
    setProblem(null);
    try {
      await adminApi.put<StationSettings>('/api/admin/settings', patch);
      notify(t('admin.settings.saved'));
      loaded.reload();
      void station.refresh();
    } catch (err) {
      setProblem(failureText(err));
    } finally {
      setSaving(false);
    }
  };

  const zones = ZONES.includes(form.timeZone) ? ZONES : [form.timeZone, ...ZONES];
  return (
    <form
      data-focus-section="contain"
      class="adm-settings"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <div class="adm-settings-columns">
        <div class="adm-form">
          <h3 class="adm-h3">{t('admin.settings.station')}</h3>
          <TextField label={t('admin.settings.stationName')} value={form.stationName} onInput={(v) => set('stationName', v)} maxLength={60} wide testId="setting-name" />
          <ChoiceField<SiteGrade> label={t('admin.settings.grade')} value={form.grade} columns={1} options={GRADES.map((g) => ({ value: g, label: t(GRADE_KEYS[g]) }))} onChange={(g) => set('grade', g)} />
          <ChoiceField label={t('admin.settings.timeZone')} value={form.timeZone} columns={1} options={zones.map((z) => ({ value: z, label: z }))} onChange={(z) => set('timeZone', z)} />
          <ToggleGroup<'zh-CN' | 'en'>
            label={t('admin.settings.language')}
            value={form.language}
            options={[
              { value: 'zh-CN', label: '中文' },
              { value: 'en', label: 'English' },
            ]}
            onChange={(l) => set('language', l)}
          />
          <h3 class="adm-h3">{t('admin.settings.hub')}</h3>
          <TextField
            label={t('admin.settings.hubUrl')}
            value={form.hubUrl ?? ''}
            onInput={(v) => set('hubUrl', v.trim() === '' ? null : v.trim())}
            placeholder="https://"
            maxLength={200}
            wide
            inputMode="url"
            testId="setting-hub"
          />
          <Field label={t('admin.settings.hubKey')}>
            <span class="adm-explain">{t('admin.settings.hubKeyNote')}</span>
          </Field>
        </div>
        <div class="adm-form">
          <h3 class="adm-h3">{t('admin.settings.viewing')}</h3>
          <NumberField label={t('admin.settings.opensBefore')} value={form.checkinOpensBeforeMinutes} min={0} max={240} step={5} unit={t('admin.minutesUnit')} onChange={(n) => set('checkinOpensBeforeMinutes', n)} />
          <NumberField label={t('admin.settings.closesAfter')} value={form.checkinClosesAfterMinutes} min={0} max={480} step={5} unit={t('admin.minutesUnit')} onChange={(n) => set('checkinClosesAfterMinutes', n)} />
          <NumberField label={t('admin.settings.lateGrace')} value={form.lateGraceMinutes} min={0} max={120} step={1} unit={t('admin.minutesUnit')} onChange={(n) => set('lateGraceMinutes', n)} />
          <NumberField label={t('admin.settings.minPlayShare')} value={Math.round(form.minPlayShare * 100)} min={10} max={100} step={5} unit="%" onChange={(n) => set('minPlayShare', n / 100)} />
          <NumberField label={t('admin.settings.volume')} value={form.volume} min={0} max={100} step={5} onChange={(n) => set('volume', n)} />
          {/* The check-in tiles, the roster list and the sign-in sheets list names in this order. */}
          <ToggleGroup<NameOrderSetting>
            label={t('admin.settings.nameOrder')}
            value={form.nameOrder}
            testId="setting-name-order" fill
            options={(['strokes', 'pinyin'] as const).map((o) => ({ value: o, label: t(`admin.settings.nameOrder.${o}`) }))}
            onChange={(o) => set('nameOrder', o)}
          />
          {/* For older members: bigger text, white and yellow on black, and a sound that says whether a check-in counted. */}
          <h3 class="adm-h3">{t('admin.settings.display')}</h3>
          <ToggleGroup<TextSize> label={t('admin.settings.textSize')} value={form.textSize} testId="setting-text-size" fill options={TEXT_SIZES.map((n) => ({ value: n, label: `${n}%` }))} onChange={(n) => set('textSize', n)} />
          <ToggleGroup<'off' | 'on'>
            label={t('admin.settings.contrast')}
            value={form.highContrast ? 'on' : 'off'}
            testId="setting-contrast" fill
            options={[
              { value: 'off', label: t('admin.settings.contrast.off') },
              { value: 'on', label: t('admin.settings.contrast.on') },
            ]}
            onChange={(v) => set('highContrast', v === 'on')}
          />
          <ToggleGroup<CheckinSoundLevel>
            label={t('admin.settings.checkinSound')}
            value={form.checkinSound}
            testId="setting-checkin-sound" fill
            options={SOUND_LEVELS.map((l) => ({ value: l, label: t(`admin.settings.sound.${l}`) }))}
            onChange={(l) => set('checkinSound', l)}
          />
          {/* Saved at once, on its own (not with 保存): the camera is the one setting that watches people. */}
          <RoomCameraSetting />
        </div>
      </div>
      <Problem text={problem} testId="settings-problem" />
      <div class="adm-actions">
        <button type="submit" class="btn btn-primary" disabled={!dirty || saving} data-testid="settings-save">{t('admin.settings.save')}</button>
        <button type="button" class="btn" disabled={!dirty} onClick={() => setForm(saved)}>{t('admin.settings.revert')}</button>
      </div>
    </form>
  );
}

function Notices() {
  const { notify } = useAdmin();
  const notices = useAdminResource<Notices>('/api/admin/notices');
  const [text, setText] = useState('');
  const [until, setUntil] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const today = localDateAt(station.now(), stationTimeZone());
  useStationEvents(['data_changed'], notices.reload);

  const run = async (call: () => Promise<unknown>, done: string) => {
    setProblem(null);
    try {
      await call();
      notify(done);
      notices.reload();
      void station.refresh();
      return true;
    } catch (err) {
      setProblem(failureText(err));
      return false;
    }
  };
  const publish = async () => {
    if (await run(() => adminApi.post('/api/admin/notices', { text: text.trim(), until: until.trim() === '' ? null : until.trim() }), t('admin.notices.published'))) {
      setText('');
      setUntil('');
    }
  };

  return (
    <div class="adm-notices" data-testid="notices">
      <h3 class="adm-h3">{t('admin.notices.title')}</h3>
      {notices.data && notices.data.notices.length === 0 && <p class="adm-empty">{t('admin.notices.none')}</p>}
      <ul class="adm-list">
        {(notices.data?.notices ?? []).map((n) => (
          <li key={n.id} class="adm-row" data-testid="notice-row">
            <div class="adm-row-main">
              <div class="adm-row-title">
                {n.text}
                {n.origin === 'county' && <span class="tag">{t('common.fromCounty')}</span>}
              </div>
              <div class="adm-row-sub">
                {n.until === null ? t('admin.notices.untilRemoved') : n.until < today ? t('admin.notices.expired', { date: n.until }) : t('admin.notices.until', { date: n.until })}
              </div>
            </div>
            <div class="adm-row-actions">
              <button type="button" class="btn btn-danger" onClick={() => void run(() => adminApi.del(`/api/admin/notices/${encodeURIComponent(n.id)}`), t('admin.notices.removed'))}>
                {t('admin.notices.remove')}
              </button>
            </div>
          </li>
        ))}
      </ul>
      <div class="adm-form">
        <Field label={t('admin.notices.text')}>
          <TextInput label={t('admin.notices.text')} value={text} onInput={setText} maxLength={200} wide placeholder={t('admin.notices.placeholder')} testId="notice-text" />
        </Field>
        <DateField label={t('admin.notices.untilLabel')} value={until} today={today} optional onChange={setUntil} hint={t('admin.notices.untilHint')} />
        <Problem text={problem} />
        <div class="adm-actions">
          <button type="button" class="btn btn-primary" disabled={text.trim() === ''} data-testid="notice-publish" onClick={() => void publish()}>
            {t('admin.notices.publish')}
          </button>
        </div>
      </div>
    </div>
  );
}
