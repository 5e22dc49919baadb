// 远程协助 on a station's page: buttons for a screenshot now, a restart of the screen (asked first: it interrupts
// what is showing) and the diagnostic bundle; below, each command's state, who sent it, and its result — the
// screenshot shown, the bundle to download, a refusal or failure in words. Reloads while a command is open.
import { useEffect } from 'preact/hooks';
import { api } from '../api.ts';
import { fmt } from '../format.ts';
import { t, type MessageKey } from '../i18n/i18n.ts';
import { useApi } from '../use-api.ts';
import { useAction } from '../use-action.ts';
import { Panel } from '../components/page-header.tsx';
import { Empty, ErrorNotice, Loading } from '../components/load-state.tsx';
import { ConfirmAction, useConfirmation } from '../components/confirm-action.tsx';
import type { RemoteHelpCommand, RemoteHelpList } from '../api-types.ts';

type Kind = RemoteHelpCommand['kind'];
const KINDS: readonly Kind[] = ['screenshot', 'restart_kiosk', 'diagnostics'];
const OPEN_POLL_MS = 2_000;
const KNOWN_CODES = new Set(['bad_signature', 'wrong_station', 'expired', 'not_yet_valid', 'replayed', 'clock_untrusted', 'interrupted', 'no_screen', 'capture_failed', 'kiosk_not_running', 'diagnostics_failed']);

const kindLabel = (k: Kind) => t(`remoteHelp.kind.${k}` as MessageKey);
/** A station's reason in words; a code of a newer release is named, never left blank. */
const codeText = (code: string) => (KNOWN_CODES.has(code) ? t(`remoteHelp.code.${code}` as MessageKey) : t('remoteHelp.code.unknown', { code }));

export function StationRemoteHelp({ stationId }: { stationId: string }) {
  const base = `/api/county/stations/${encodeURIComponent(stationId)}/remote-help`;
  const list = useApi<RemoteHelpList>(base);
  const sending = useAction();
  const restart = useConfirmation<Kind>();
  const open = (list.data?.commands ?? []).some((c) => c.state === 'requested' || c.state === 'delivered');
  useEffect(() => {
    if (!open) return;
    const timer = setTimeout(list.reload, OPEN_POLL_MS);
    return () => clearTimeout(timer);
  });

  const send = async (kind: Kind, action = sending) => {
    const sent = await action.run(() => api.post<RemoteHelpCommand>(base, { kind }), t('remoteHelp.sent', { kind: kindLabel(kind) }));
    if (sent) list.reload();
    return sent !== undefined;
  };

  return (
    <Panel title={t('remoteHelp.panel')} testid="station-remote-help" extra={<span class="muted small">{t('remoteHelp.hint')}</span>}>
      {list.error ? (
        <ErrorNotice error={list.error} onRetry={list.reload} />
      ) : !list.data ? (
        <Loading />
      ) : (
        <>
          <div class="page-actions remote-help-actions">
            {KINDS.filter((k) => list.data!.allowed.includes(k)).map((k) => (
              <button key={k} type="button" class="btn" disabled={sending.busy} data-testid={`remote-help-${k}`} onClick={() => (k === 'restart_kiosk' ? restart.ask(k) : void send(k))}>
                {kindLabel(k)}
              </button>
            ))}
          </div>
          {sending.error && (
            <p class="form-error" role="alert" data-testid="remote-help-error">
              {sending.error}
            </p>
          )}
          {list.data.commands.length === 0 ? (
            <Empty testid="remote-help-empty">{t('remoteHelp.empty')}</Empty>
          ) : (
            <div class="table-wrap">
              <table class="table table-compact" data-testid="remote-help-table">
                <thead>
                  <tr>
                    <th>{t('remoteHelp.col.kind')}</th>
                    <th>{t('remoteHelp.col.by')}</th>
                    <th>{t('remoteHelp.col.at')}</th>
                    <th>{t('remoteHelp.col.state')}</th>
                    <th>{t('remoteHelp.col.result')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.data.commands.map((c) => (
                    <tr key={c.id} data-testid="remote-help-row" data-state={c.state} data-kind={c.kind}>
                      <td>{kindLabel(c.kind)}</td>
                      <td>{c.issuedBy}</td>
                      <td class="nowrap">{fmt.dateTime(c.issuedAt)}</td>
                      <td>{t(`remoteHelp.state.${c.state}` as MessageKey)}</td>
                      <td>
                        <Result stationBase={base} command={c} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
      <ConfirmAction
        confirmation={restart}
        title={kindLabel}
        message={() => t('remoteHelp.confirmRestart')}
        confirmLabel={kindLabel}
        perform={(kind, action) => send(kind, action)}
        onDone={list.reload}
      />
    </Panel>
  );
}

function Result({ stationBase, command }: { stationBase: string; command: RemoteHelpCommand }) {
  const src = `${stationBase}/${command.id}/result`;
  if ((command.state === 'refused' || command.state === 'failed') && command.code) return <span class="muted">{codeText(command.code)}</span>;
  if (command.state !== 'done') return <span class="muted">—</span>;
  if (command.kind === 'screenshot' && command.resultBytes !== null) {
    return (
      <a href={src} target="_blank" rel="noopener">
        <img src={src} width={240} loading="lazy" data-testid="remote-help-picture" alt={t('remoteHelp.alt', { time: fmt.dateTime(command.finishedAt) })} />
      </a>
    );
  }
  if (command.kind === 'diagnostics' && command.resultBytes !== null) {
    return (
      <a href={src} download data-testid="remote-help-download">
        {t('remoteHelp.download', { size: fmt.bytes(command.resultBytes) })}
      </a>
    );
  }
  return <span>{t('remoteHelp.restarted')}</span>;
}
