// A forgotten admin PIN: the county's 10-digit reset code on the number keys (shown, it is read off the
// phone), then the new PIN twice; the agent checks the code offline and the PIN against the usual rules.
import { useState } from 'preact/hooks';
import { PinPad, type PinRefusal } from '../../components/pin-pad.tsx';
import { adminLogin, type AdminAccount } from '../../admin-session.ts';
import { api, ApiFailure } from '../../api.ts';
import { fmt, t } from '../../i18n/i18n.ts';
import { failureText } from './admin-api.ts';
import { usePadSteps } from './pad-steps.ts';
import type { AcceptedCode } from '../../api-types.ts';

type Step = 'code' | 'new' | 'confirm';
const CODE_DIGITS = 10;

/** The agent's refusal as the pad shows it: a wait to count down, or its message. */
function refusal(err: unknown): PinRefusal {
  if (err instanceof ApiFailure && err.retryAfterMs !== undefined && err.retryAfterMs > 0) {
    const waiting = err.code === 'too_many_attempts';
    return { waitMs: err.retryAfterMs, message: (n) => t(waiting ? 'pinReset.tooMany' : 'pinReset.wrongWait', { n }) };
  }
  return failureText(err);
}

const codeRefused = (err: unknown) => err instanceof ApiFailure && ['wrong_code', 'malformed_code', 'code_used', 'code_expired', 'too_many_attempts', 'not_enrolled'].includes(err.code);

export function PinResetSteps(props: { onDone: (account: AdminAccount) => void; onCancel: () => void }) {
  const { step, notice, ref, go, padKey } = usePadSteps<Step>('code');
  const [code, setCode] = useState('');
  const [first, setFirst] = useState('');

  const submit = async (typed: string): Promise<PinRefusal | null> => {
    if (step === 'code') {
      try {
        const accepted = await api.post<AcceptedCode>('/api/admin/pin-reset/check', { code: typed });
        setCode(typed);
        go('new', t('pinReset.codeAccepted', { issued: fmt.dateTime(accepted.issuedAt), expires: fmt.dateTime(accepted.expiresAt) }));
        return null;
      } catch (err) {
        return refusal(err);
      }
    }
    if (step === 'new') {
      try {
        await api.post('/api/admin/pin-reset/check', { code, newPin: typed });
      } catch (err) {
        if (codeRefused(err)) go('code', failureText(err));
        else go('new', failureText(err));
        return null;
      }
      setFirst(typed);
      go('confirm', null);
      return null;
    }
    if (typed !== first) {
      go('new', t('admin.pin.mismatch'));
      return null;
    }
    try {
      await api.post('/api/admin/pin-reset', { code, newPin: typed });
    } catch (err) {
      go(codeRefused(err) ? 'code' : 'new', failureText(err));
      return null;
    }
    // The new PIN opens admin mode at once: the person has just typed it twice.
    const login = await adminLogin(typed);
    if ('error' in login) {
      go('code', typeof login.error === 'string' ? login.error : null);
      return null;
    }
    props.onDone(login.ok.account);
    return null;
  };

  const label = step === 'code' ? t('pinReset.code') : step === 'new' ? t('admin.pin.new') : t('admin.pin.confirm');
  return (
    <section class="adm-pin-panel" data-testid="pin-reset" data-step={step} ref={ref}>
      <h1 class="adm-pin-title">{t('pinReset.title')}</h1>
      <p class="adm-pin-explain">{step === 'code' ? t('pinReset.explain') : t('admin.pin.rules')}</p>
      <p class="adm-notice" role="alert" data-testid="pin-reset-notice">{notice ?? '\u00a0'}</p>
      <PinPad
        key={padKey}
        label={label}
        reveal={step === 'code'}
        maxLength={step === 'code' ? CODE_DIGITS : 8}
        onSubmit={submit}
      />
      <button type="button" class="btn adm-pin-back" onClick={props.onCancel}>{t('common.cancel')}</button>
    </section>
  );
}
