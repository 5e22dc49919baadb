// A printable A4 page in a preview dialog, printed as soon as it (and its font) has loaded. The records tab
// prints inspection records through it, the board the door notice.
//
// Decision: the page is shown from a blob: URL in an iframe, so it prints on its own (no kiosk screen
// around it) and the kiosk shell's navigation policy (which allows the agent's own blobs) lets it load. The
// screen behind stays where it was: Back or 关闭 returns to it. How the print itself reaches paper is the
// shell's business: Chromium runs with --kiosk-printing (straight to the default printer), Electron or a
// desktop browser shows its dialog.
import { useEffect, useRef, useState } from 'preact/hooks';
import { Dialog } from './dialog.tsx';
import { t } from '../i18n/i18n.ts';

export interface PrintablePage {
  title: string;
  html: string;
}

export function PrintPreview(props: { title: string; page: PrintablePage | null; error: string | null; onClose: () => void }) {
  const frame = useRef<HTMLIFrameElement>(null);
  const close = useRef<HTMLButtonElement>(null);
  const [url, setUrl] = useState<string | null>(null);
  const [printed, setPrinted] = useState(0);
  useEffect(() => {
    if (!props.page) return;
    const blob = URL.createObjectURL(new Blob([props.page.html], { type: 'text/html;charset=utf-8' }));
    setUrl(blob);
    return () => URL.revokeObjectURL(blob);
  }, [props.page]);
  const print = async () => {
    const win = frame.current?.contentWindow;
    if (!win) return;
    // The Chinese font must be in before printing, or the first printout falls back to boxes.
    await win.document.fonts.ready;
    win.print();
    setPrinted((n) => n + 1);
    // Keys pressed inside the page would never reach the remote's Back: the focus stays with the dialog.
    close.current?.focus();
  };
  return (
    <Dialog title={t('print.title', { title: props.title })} onClose={props.onClose} wide testId="print-dialog">
      <div class="print-actions" data-printed={printed > 0 ? 'true' : 'false'} data-testid="print-state">
        <button type="button" class="btn btn-primary" data-testid="print-again" disabled={!url} onClick={() => void print()}>
          {t('print.again')}
        </button>
        <button type="button" class="btn" data-autofocus data-testid="print-close" ref={close} onClick={props.onClose}>
          {t('common.close')}
        </button>
        <span>{props.error ? '' : url ? (printed > 0 ? t('print.sent') : '') : t('print.loading')}</span>
      </div>
      {props.error && (
        <p class="print-problem" role="alert" data-testid="print-problem">
          {props.error}
        </p>
      )}
      {url && <iframe ref={frame} class="print-frame" src={url} title={props.page?.title ?? props.title} tabIndex={-1} data-testid="print-frame" onLoad={() => void print()} />}
    </Dialog>
  );
}
