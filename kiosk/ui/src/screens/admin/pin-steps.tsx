// The way into admin mode: the PIN pad of the chosen account, and the PIN change (forced while the default PIN is still set).
import { useState } from 'preact/hooks';
import { PinPad } from '../../components/pin-pad.tsx';
import { adminLogin, type AdminAccount } from '../../admin-session.ts';
import { ApiFailure } from '../../api.ts';
import { t } from '../../i18n/i18n.ts';
import { adminApi, failureText } from './admin-api.ts';
import { usePadSteps } from './pad-steps.ts';

/** The PIN pad for the chosen account (none chosen: the station has one account, its administrator's). */
export function LoginStep(props: {
  notice: string | null;
  account: AdminAccount | null;
  onLoggedIn: (pin: string, mustChangePin: boolean, account: AdminAccount) => void;
  onChooseOther?: () => void;
  /** A forgotten PIN: the county's reset code (the administrator's PIN). */
  onForgot?: () => void;
  onExit: () => void;
}) {
  return (
    <section class="adm-pin-panel" data-testid="admin-login">
      <h1 class="adm-pin-title">{t('admin.login.title')}</h1>
      {props.notice && <p class="adm-notice" data-testid="admin-notice">{props.notice}</p>}
      <PinPad
        label={props.account ? t('admin.who.enterPin', { name: props.account.name }) : t('admin.login.prompt')}
        onSubmit={async (pin) => {
          const result = await adminLogin(pin, props.account?.id);
          if ('error' in result) return result.error;
          props.onLoggedIn(pin, result.ok.mustChangePin, result.ok.account);
          return null;
        }}
      />
      {props.onForgot && (
        <button type="button" class="btn adm-pin-back" data-testid="pin-forgot" onClick={props.onForgot}>{t('pinReset.forgot')}</button>
      )}
      {props.onChooseOther && (
        <button type="button" class="btn adm-pin-back" data-testid="admin-other-account" onClick={props.onChooseOther}>
          {t('admin.who.other')}
        </button>
      )}
      <button type="button" class="btn adm-pin-back" onClick={props.onExit}>{t('admin.backToBoard')}</button>
    </section>
  );
}

type Step = 'current' | 'new' | 'confirm';

/**
 * New PIN twice, then the agent decides (6–8 digits, not the default, not one digit repeated, not a run)
 * and its reason is shown. Without `currentPin` (a change from the settings) the current PIN is asked first.
 */
export function ChangePinSteps(props: { currentPin?: string; forced: boolean; onDone: () => void; onCancel: () => void }) {
  const { step, notice, ref, go, padKey } = usePadSteps<Step>(props.currentPin === undefined ? 'current' : 'new');
  const [current, setCurrent] = useState(props.currentPin ?? '');
  const [first, setFirst] = useState('');

  const submit = async (pin: string): Promise<string | null> => {
    if (step === 'current') {
      setCurrent(pin);
      go('new', null);
      return null;
    }
    if (step === 'new') {
      // A weak or default PIN is refused as it is first typed, not after it was typed twice.
      try {
        await adminApi.post('/api/admin/pin/check', { newPin: pin });
      } catch (err) {
        if (!(err instanceof ApiFailure && err.code === 'not_logged_in')) go('new', failureText(err));
        return null;
      }
      setFirst(pin);
      go('confirm', null);
      return null;
    }
    if (pin !== first) {
      go('new', t('admin.pin.mismatch'));
      return null;
    }
    try {
      await adminApi.post('/api/admin/pin', { currentPin: current, newPin: pin });
      props.onDone();
      return null;
    } catch (err) {
      // A wrong current PIN sends the person back to it; a refused new PIN back to choosing one.
      const currentRefused = err instanceof ApiFailure && (err.code === 'wrong_pin' || err.code === 'too_many_attempts');
      if (currentRefused && props.currentPin === undefined) go('current', failureText(err));
      else if (err instanceof ApiFailure && err.code === 'not_logged_in') return null;
      else go('new', failureText(err));
      return null;
    }
  };

  const label = step === 'current' ? t('admin.pin.current') : step === 'new' ? t('admin.pin.new') : t('admin.pin.confirm');
  return (
    <section class="adm-pin-panel" data-testid="change-pin" data-step={step} ref={ref}>
      <h1 class="adm-pin-title">{props.forced ? t('admin.pin.forcedTitle') : t('admin.pin.title')}</h1>
      {props.forced && <p class="adm-pin-explain">{t('admin.pin.forcedExplain')}</p>}
      <p class="adm-pin-rules">{t('admin.pin.rules')}</p>
      <p class="adm-notice" role="alert" data-testid="change-pin-notice">{notice ?? '\u00a0'}</p>
      <PinPad key={padKey} label={label} onSubmit={submit} />
      <button type="button" class="btn adm-pin-back" onClick={props.onCancel}>{props.forced ? t('admin.backToBoard') : t('common.cancel')}</button>
    </section>
  );
}
