// Form fields of the admin screens, each one usable with a TV remote alone.
// Text fields take a keyboard when there is one; every value can also be picked in a dialog of buttons
// (calendar, clock, list), so a remote's arrows and OK reach everything.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { Dialog } from '../../components/dialog.tsx';
import { currentLocale, t, type MessageKey } from '../../i18n/i18n.ts';
import { isLocalDate, monthGrid, monthOf, shiftMonth } from './schedule/local-dates.pure.ts';
import { formatTime, timeParts } from './schedule/rule-form.pure.ts';
import { useStable } from './admin-hooks.ts';

export function Field(props: { label: string; children: ComponentChildren; hint?: string; testId?: string }) {
  return (
    <div class="adm-field" data-testid={props.testId}>
      <span class="adm-label">{props.label}</span>
      <div class="adm-control">
        {props.children}
        {props.hint && <span class="adm-hint">{props.hint}</span>}
      </div>
    </div>
  );
}

export function TextInput(props: {
  label: string;
  value: string;
  onInput: (value: string) => void;
  placeholder?: string;
  maxLength?: number;
  testId?: string;
  wide?: boolean;
  inputMode?: 'text' | 'numeric' | 'tel' | 'url';
}) {
  return (
    <input
      class={`adm-input ${props.wide ? 'adm-input-wide' : ''}`}
      type="text"
      aria-label={props.label}
      value={props.value}
      placeholder={props.placeholder}
      maxLength={props.maxLength}
      inputMode={props.inputMode}
      data-testid={props.testId}
      onInput={(e) => props.onInput((e.currentTarget as HTMLInputElement).value)}
    />
  );
}

export function TextField(props: Parameters<typeof TextInput>[0] & { hint?: string }) {
  return (
    <Field label={props.label} hint={props.hint}>
      <TextInput {...props} />
    </Field>
  );
}

/** A whole number with − and + buttons beside it, so the remote can change it without a keyboard. */
export function NumberField(props: {
  label: string;
  value: number;
  onChange: (value: number) => void;
  min: number;
  max: number;
  step?: number;
  unit?: string;
  testId?: string;
}) {
  const step = props.step ?? 1;
  const [text, setText] = useState(String(props.value));
  useEffect(() => setText(String(props.value)), [props.value]);
  const clamp = (n: number) => Math.min(props.max, Math.max(props.min, n));
  return (
    <Field label={props.label}>
      <button type="button" class="btn adm-step" aria-label={`${props.label} −`} disabled={props.value <= props.min} onClick={() => props.onChange(clamp(props.value - step))}>
        −
      </button>
      <input
        class="adm-input adm-input-number"
        type="text"
        inputMode="numeric"
        aria-label={props.label}
        value={text}
        data-testid={props.testId}
        onInput={(e) => {
          const raw = (e.currentTarget as HTMLInputElement).value;
          setText(raw);
          if (/^\d+$/.test(raw)) props.onChange(clamp(Number(raw)));
        }}
        onBlur={() => setText(String(props.value))}
      />
      <button type="button" class="btn adm-step" aria-label={`${props.label} +`} disabled={props.value >= props.max} onClick={() => props.onChange(clamp(props.value + step))}>
        +
      </button>
      {props.unit && <span class="adm-unit">{props.unit}</span>}
    </Field>
  );
}

export interface Option<T> {
  value: T;
  label: string;
}

/** One of several values: toggle buttons in a row (aria-pressed), for short lists. */
/** `fill`: the buttons share one fixed width, so that groups stacked one under another line up for the remote. */
export function ToggleGroup<T extends string | number>(props: { label: string; options: Option<T>[]; value: T; onChange: (value: T) => void; testId?: string; fill?: boolean }) {
  return (
    <Field label={props.label} testId={props.testId}>
      <div class={`adm-toggles ${props.fill ? 'adm-toggles-fill' : ''}`} role="group" aria-label={props.label}>
        {props.options.map((o) => (
          <button
            key={o.value}
            type="button"
            class={`btn adm-toggle ${o.value === props.value ? 'adm-on' : ''}`}
            aria-pressed={o.value === props.value}
            data-value={String(o.value)}
            onClick={() => props.onChange(o.value)}
          >
            {o.label}
          </button>
        ))}
      </div>
    </Field>
  );
}

/** One of many values: a button showing the choice, opening a dialog of all of them. */
export function ChoiceButton<T extends string | number>(props: {
  label: string;
  value: T | null;
  options: Option<T>[];
  onChange: (value: T) => void;
  columns?: number;
  placeholder?: string;
  testId?: string;
}) {
  const [open, setOpen] = useState(false);
  const close = useStable(() => setOpen(false));
  const current = props.options.find((o) => o.value === props.value);
  return (
    <>
      <button type="button" class="btn adm-choice" aria-label={`${props.label}：${current?.label ?? ''}`} data-testid={props.testId} onClick={() => setOpen(true)}>
        {current?.label ?? props.placeholder ?? t('admin.choose')} <span class="adm-caret">▾</span>
      </button>
      {open && (
        <Dialog title={props.label} onClose={close} wide={(props.columns ?? 3) > 3}>
          <div class="adm-choice-grid" style={{ gridTemplateColumns: `repeat(${props.columns ?? 3}, minmax(0, 1fr))` }}>
            {props.options.map((o) => (
              <button
                key={o.value}
                type="button"
                class={`btn ${o.value === props.value ? 'adm-on' : ''}`}
                data-value={String(o.value)}
                data-autofocus={o.value === props.value ? true : undefined}
                onClick={() => {
                  props.onChange(o.value);
                  setOpen(false);
                }}
              >
                {o.label}
              </button>
            ))}
          </div>
          <div class="adm-actions">
            <button type="button" class="btn" onClick={close}>{t('common.cancel')}</button>
          </div>
        </Dialog>
      )}
    </>
  );
}

export function ChoiceField<T extends string | number>(props: Parameters<typeof ChoiceButton<T>>[0]) {
  return (
    <Field label={props.label}>
      <ChoiceButton {...props} />
    </Field>
  );
}

const WEEKDAY_KEYS: MessageKey[] = ['admin.weekday.1', 'admin.weekday.2', 'admin.weekday.3', 'admin.weekday.4', 'admin.weekday.5', 'admin.weekday.6', 'admin.weekday.7'];

export function weekdayName(day: number): string {
  return t(WEEKDAY_KEYS[day - 1]!);
}

const WEEKDAY_SHORT_KEYS: MessageKey[] = [
  'admin.weekdayShort.1',
  'admin.weekdayShort.2',
  'admin.weekdayShort.3',
  'admin.weekdayShort.4',
  'admin.weekdayShort.5',
  'admin.weekdayShort.6',
  'admin.weekdayShort.7',
];

/** 一 … 日 / Mon … Sun: for seven toggles in one row and the calendar's header. */
export function weekdayShort(day: number): string {
  return t(WEEKDAY_SHORT_KEYS[day - 1]!);
}

/** "2026年5月" / "May 2026", whatever the browser's zone. */
export function monthTitle(month: string): string {
  const at = Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1, 1);
  return new Intl.DateTimeFormat(currentLocale(), { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(at);
}

/** "5月6日 周三" / "Wed, May 6" for a station-local date. */
export function dayTitle(date: string): string {
  const at = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  return new Intl.DateTimeFormat(currentLocale(), { month: 'numeric', day: 'numeric', weekday: 'short', timeZone: 'UTC' }).format(at);
}

function CalendarDialog(props: { title: string; value: string; today: string; optional: boolean; onPick: (date: string) => void; onClose: () => void }) {
  const [month, setMonth] = useState(monthOf(isLocalDate(props.value) ? props.value : props.today));
  const selected = isLocalDate(props.value) ? props.value : null;
  const focusDay = selected && monthOf(selected) === month ? selected : monthOf(props.today) === month ? props.today : `${month}-01`;
  return (
    <Dialog title={props.title} onClose={props.onClose} testId="calendar">
      <div class="adm-cal-head">
        <button type="button" class="btn" aria-label={t('admin.cal.prev')} onClick={() => setMonth(shiftMonth(month, -1))}>◀</button>
        <span class="adm-cal-month" data-testid="calendar-month">{monthTitle(month)}</span>
        <button type="button" class="btn" aria-label={t('admin.cal.next')} onClick={() => setMonth(shiftMonth(month, 1))}>▶</button>
      </div>
      <div class="adm-cal-grid">
        {[1, 2, 3, 4, 5, 6, 7].map((d) => (
          <span key={`h${d}`} class="adm-cal-weekday">{weekdayShort(d)}</span>
        ))}
        {monthGrid(month).flat().map((date, i) =>
          date === null ? (
            <span key={`b${i}`} />
          ) : (
            <button
              key={date}
              type="button"
              class={`btn adm-cal-day ${date === selected ? 'adm-on' : ''} ${date === props.today ? 'adm-today' : ''}`}
              aria-label={date}
              data-autofocus={date === focusDay ? true : undefined}
              onClick={() => props.onPick(date)}
            >
              {Number(date.slice(8))}
            </button>
          ),
        )}
      </div>
      <div class="adm-actions">
        <button type="button" class="btn" onClick={() => props.onPick(props.today)}>{t('admin.cal.today')}</button>
        {props.optional && <button type="button" class="btn" onClick={() => props.onPick('')}>{t('admin.cal.clear')}</button>}
        <button type="button" class="btn" onClick={props.onClose}>{t('common.cancel')}</button>
      </div>
    </Dialog>
  );
}

/** A date typed as YYYY-MM-DD, or picked on a calendar. */
export function DateInput(props: { label: string; value: string; onChange: (date: string) => void; today: string; optional?: boolean; testId?: string }) {
  const [open, setOpen] = useState(false);
  const close = useStable(() => setOpen(false));
  return (
    <span class="adm-date">
      <TextInput label={props.label} value={props.value} onInput={props.onChange} placeholder={t('admin.datePlaceholder')} maxLength={10} testId={props.testId} />
      <button type="button" class="btn adm-icon" aria-label={t('admin.cal.open', { field: props.label })} data-testid={props.testId && `${props.testId}-pick`} onClick={() => setOpen(true)}>
        {t('admin.cal.button')}
      </button>
      {open && (
        <CalendarDialog
          title={props.label}
          value={props.value}
          today={props.today}
          optional={props.optional ?? false}
          onClose={close}
          onPick={(date) => {
            props.onChange(date);
            setOpen(false);
          }}
        />
      )}
    </span>
  );
}

export function DateField(props: Parameters<typeof DateInput>[0] & { hint?: string }) {
  return (
    <Field label={props.label} hint={props.hint}>
      <DateInput {...props} />
    </Field>
  );
}

const HOURS = Array.from({ length: 24 }, (_, i) => i);
const MINUTES = Array.from({ length: 12 }, (_, i) => i * 5);

function ClockDialog(props: { title: string; value: string; onPick: (time: string) => void; onClose: () => void }) {
  const parts = timeParts(props.value) ?? { hour: 9, minute: 0 };
  const [hour, setHour] = useState(parts.hour);
  const [picked, setPicked] = useState(false);
  const minutes = MINUTES.includes(parts.minute) ? MINUTES : [...MINUTES, parts.minute].sort((a, b) => a - b);
  // After the hour is chosen the focus moves on to the minutes, as a person reads the clock.
  useEffect(() => {
    if (picked) document.querySelector<HTMLElement>('[data-minute-focus]')?.focus();
  }, [picked]);
  return (
    <Dialog title={props.title} onClose={props.onClose} wide testId="clock">
      <p class="adm-subhead">{t('admin.clock.hour')}</p>
      <div class="adm-choice-grid adm-clock-grid" data-testid="clock-hours">
        {HOURS.map((h) => (
          <button key={h} type="button" class={`btn ${h === hour ? 'adm-on' : ''}`} data-autofocus={h === parts.hour ? true : undefined} onClick={() => { setHour(h); setPicked(true); }}>
            {String(h).padStart(2, '0')}
          </button>
        ))}
      </div>
      <p class="adm-subhead">{t('admin.clock.minute')}</p>
      <div class="adm-choice-grid adm-clock-grid" data-testid="clock-minutes">
        {minutes.map((m) => (
          <button key={m} type="button" class={`btn ${m === parts.minute ? 'adm-on' : ''}`} data-minute-focus={m === parts.minute ? true : undefined} onClick={() => props.onPick(formatTime(hour, m))}>
            {String(m).padStart(2, '0')}
          </button>
        ))}
      </div>
      <div class="adm-actions">
        <span class="adm-clock-now">{formatTime(hour, parts.minute)}</span>
        <button type="button" class="btn" onClick={props.onClose}>{t('common.cancel')}</button>
      </div>
    </Dialog>
  );
}

/** A time typed as HH:MM, or picked hour then minute on a clock of buttons. */
export function TimeField(props: { label: string; value: string; onChange: (time: string) => void; testId?: string }) {
  const [open, setOpen] = useState(false);
  const close = useStable(() => setOpen(false));
  return (
    <Field label={props.label}>
      <TextInput label={props.label} value={props.value} onInput={props.onChange} placeholder="HH:MM" maxLength={8} testId={props.testId} />
      <button type="button" class="btn adm-icon" aria-label={t('admin.clock.open', { field: props.label })} data-testid={props.testId && `${props.testId}-pick`} onClick={() => setOpen(true)}>
        {t('admin.clock.button')}
      </button>
      {open && (
        <ClockDialog
          title={props.label}
          value={props.value}
          onClose={close}
          onPick={(time) => {
            props.onChange(time);
            setOpen(false);
          }}
        />
      )}
    </Field>
  );
}

export function ConfirmDialog(props: { title: string; text: string; confirmLabel: string; danger?: boolean; onConfirm: () => void; onCancel: () => void; busy?: boolean }) {
  const cancel = useStable(props.onCancel);
  return (
    <Dialog title={props.title} onClose={cancel} testId="confirm">
      <p class="adm-confirm-text">{props.text}</p>
      <div class="adm-actions">
        <button type="button" class="btn" data-autofocus onClick={cancel}>{t('common.cancel')}</button>
        <button type="button" class={`btn ${props.danger ? 'btn-danger' : 'btn-primary'}`} disabled={props.busy} data-testid="confirm-ok" onClick={props.onConfirm}>
          {props.confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}

/** A line of text the agent or the form wants the person to read, announced to screen readers. */
export function Problem(props: { text: string | null; testId?: string }) {
  if (!props.text) return null;
  return (
    <p class="adm-problem" role="alert" data-testid={props.testId}>
      {props.text}
    </p>
  );
}
