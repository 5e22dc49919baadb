// A PIN pad for a TV remote, a keyboard (digits, Backspace, Enter) or touch. Shows dots, never digits; after
// too many wrong PINs it counts down the wait the agent asks for and holds OK until it is over.
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { t } from '../i18n/i18n.ts';

/** A refusal that says how long the next try must wait: the pad counts it down, saying `message(seconds left)`. */
export interface PinWait {
  waitMs: number;
  message: (seconds: number) => string;
}

/** Why a PIN was not accepted: a message, or a wait to count down. */
export type PinRefusal = string | PinWait;

export interface PinPadProps {
  /** Resolves to the refusal to show, or null when accepted. */
  onSubmit: (pin: string) => Promise<PinRefusal | null>;
  maxLength?: number;
  label?: string;
  /** Shows the digits typed (a code read out on the phone, not a secret), in groups of five. */
  reveal?: boolean;
}

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'clear', '0', 'ok'] as const;

export function PinPad({ onSubmit, maxLength = 8, label, reveal = false }: PinPadProps) {
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [wait, setWait] = useState<{ until: number; message: (seconds: number) => string } | null>(null);
  const [, setTick] = useState(0);
  // Digits typed on a keyboard or remote make Enter mean "submit", not "press the focused key".
  const typed = useRef(false);
  const pinRef = useRef(pin);
  pinRef.current = pin;

  // Redraws the countdown a few times a second, and ends it when the wait is over.
  useEffect(() => {
    if (!wait) return;
    const id = setInterval(() => (Date.now() >= wait.until ? setWait(null) : setTick((n) => n + 1)), 250);
    return () => clearInterval(id);
  }, [wait]);
  const waitingRef = useRef(false);
  waitingRef.current = wait !== null && Date.now() < wait.until;

  const submit = async (value: string) => {
    // OK during the wait would only be refused again: it is held until the countdown ends.
    if (busy || waitingRef.current || value.length === 0) return;
    setBusy(true);
    const problem = await onSubmit(value);
    setBusy(false);
    if (problem !== null && typeof problem === 'object') {
      setWait({ until: Date.now() + problem.waitMs, message: problem.message });
      setError(null);
    } else {
      setError(problem);
    }
    if (problem) setPin('');
  };
  const press = (key: (typeof KEYS)[number]) => {
    typed.current = false;
    // Presses while the PIN is being checked are ignored rather than the keys disabled: a disabled
    // button drops the remote's focus, and the person would have to find the pad again.
    if (busy) return;
    if (key === 'clear') setPin((p) => p.slice(0, -1));
    else if (key === 'ok') void submit(pin);
    else setPin((p) => (p.length < maxLength ? p + key : p));
  };

  // Digit keys on a remote or keyboard type straight in, whichever button has the focus — from the moment
  // the pad is drawn (a layout effect, not a frame later, so a digit pressed at once is not lost).
  useLayoutEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (busy) return;
      if (/^[0-9]$/.test(e.key)) {
        e.preventDefault();
        typed.current = true;
        setPin((p) => (p.length < maxLength ? p + e.key : p));
      } else if (e.key === 'Enter' && typed.current && pinRef.current.length > 0) {
        e.preventDefault();
        e.stopPropagation();
        typed.current = false;
        void submit(pinRef.current);
      } else if (e.key === 'Backspace') {
        e.preventDefault();
        e.stopPropagation();
        setPin((p) => p.slice(0, -1));
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [maxLength, busy]);

  return (
    <div class="pin-pad" data-testid="pin-pad">
      {label && <p class="pin-label">{label}</p>}
      {reveal ? (
        <div class="pin-digits" aria-label={t('pin.entered', { n: pin.length })} data-testid="pin-digits">
          {`${pin.padEnd(maxLength, '·')}`.replace(/(.{5})(?=.)/g, '$1 ')}
        </div>
      ) : (
        <div class="pin-dots" aria-label={t('pin.entered', { n: pin.length })} data-testid="pin-dots">
          {Array.from({ length: Math.max(6, pin.length) }, (_, i) => (
            <span key={i} class={i < pin.length ? 'dot dot-on' : 'dot'} />
          ))}
        </div>
      )}
      <p class="pin-error" role="alert" data-testid="pin-error" data-waiting={waitingRef.current ? true : undefined}>
        {waitingRef.current && wait ? wait.message(Math.max(1, Math.ceil((wait.until - Date.now()) / 1000))) : (error ?? '\u00a0')}
      </p>
      <div class="pin-keys">
        {KEYS.map((key) => (
          <button
            key={key}
            type="button"
            class={`btn pin-key ${key === 'ok' ? 'btn-primary' : ''}`}
            data-autofocus={key === '5' ? true : undefined}
            aria-disabled={busy}
            onClick={() => press(key)}
          >
            {key === 'clear' ? t('pin.clear') : key === 'ok' ? t('common.ok') : key}
          </button>
        ))}
      </div>
    </div>
  );
}
