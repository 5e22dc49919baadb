// A station's one-time enrollment code as the administrator hands it on: the code, until when it works, and
// the exact command for the station's terminal, ready to copy.
import { useRef, useState } from 'preact/hooks';
import { fmt } from '../format.ts';
import { t } from '../i18n/i18n.ts';
import { Dialog } from '../components/dialog.tsx';
import type { IssuedCode } from '../api-types.ts';

/** The clipboard API needs a secure page (https or localhost); elsewhere the old copy command still works. */
async function copyText(text: string, fallback: HTMLElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    if (!fallback) return false;
    const range = document.createRange();
    range.selectNodeContents(fallback);
    const selection = window.getSelection();
    selection?.removeAllRanges();
    selection?.addRange(range);
    return document.execCommand('copy');
  }
}

export function EnrollmentCodeDialog({ stationName, enrollment, onClose }: { stationName: string; enrollment: IssuedCode; onClose: () => void }) {
  const command = `yuanjiao enroll --hub ${location.origin} --code ${enrollment.code}`;
  const [copied, setCopied] = useState<boolean | null>(null);
  const commandBox = useRef<HTMLElement>(null);
  return (
    <Dialog
      title={t('code.title', { name: stationName })}
      onClose={onClose}
      testid="enrollment-code"
      footer={
        <button type="button" class="btn btn-primary" onClick={onClose}>
          {t('action.close')}
        </button>
      }
    >
      <div class="code-box">
        <div class="code" data-testid="code">
          {enrollment.code}
        </div>
        <div class="code-expiry">{t('code.expires', { time: fmt.dateTime(enrollment.expiresAt) })}</div>
      </div>
      <p>{t('code.once')}</p>
      <div class="command">
        <code ref={commandBox} data-testid="enroll-command">
          {command}
        </code>
        <button type="button" class="btn btn-small" onClick={() => void copyText(command, commandBox.current).then(setCopied)}>
          {copied ? t('action.copied') : t('action.copy')}
        </button>
      </div>
      {copied === false && <p class="form-error">{t('code.copyFailed')}</p>}
      <p class="muted small">{t('code.hubNote')}</p>
    </Dialog>
  );
}
