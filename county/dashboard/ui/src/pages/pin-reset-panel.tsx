// A station's forgotten admin PIN (for county administrators): 生成 PIN 重置码 asks first, then shows the
// one-time code in large digits with its expiry, to read out on the phone; below, who issued codes and when,
// and 撤回 for a code still valid (read out to the wrong person, no longer needed): the station refuses it once
// it next reports. The hub cannot know whether a code was already used (codes are checked offline).
import { useState } from 'preact/hooks';
import { api } from '../api.ts';
import { fmt } from '../format.ts';
import { t } from '../i18n/i18n.ts';
import { useApi } from '../use-api.ts';
import { Panel } from '../components/page-header.tsx';
import { Dialog } from '../components/dialog.tsx';
import { Loaded } from '../components/load-state.tsx';
import { RecordTable } from '../components/record-table.tsx';
import { ConfirmAction, useConfirmation } from '../components/confirm-action.tsx';
import type { Action } from '../use-action.ts';

import type { IssuedPinResetCode, IssuedPinResetRow as IssuedRow, PinResetCodes, PinResetIssued, PinResetWithdrawn } from '../api-types.ts';

/** '1234567890' → '12345 67890', as read out (protocol/pin-reset-code.pure.ts formatPinResetCode). */
const grouped = (code: string) => `${code.slice(0, 5)} ${code.slice(5)}`;

export function PinResetPanel({ station }: { station: { id: string; name: string; enrolledAt: number | null; retiredAt: number | null } }) {
  const base = `/api/county/stations/${encodeURIComponent(station.id)}`;
  const issuedList = useApi<PinResetCodes>(`${base}/pin-reset-codes`);
  const confirmation = useConfirmation<true>();
  const withdrawal = useConfirmation<IssuedRow>();
  const [shown, setShown] = useState<IssuedPinResetCode | null>(null);
  const usable = station.enrolledAt !== null && station.retiredAt === null;

  const perform = async (_: true, action: Action): Promise<boolean> => {
    const answer = await action.run(() => api.post<PinResetIssued>(`${base}/pin-reset-code`));
    if (!answer) return false;
    setShown(answer.pinReset);
    return true;
  };

  const withdraw = async (row: IssuedRow, action: Action): Promise<boolean> =>
    (await action.run(() => api.del<PinResetWithdrawn>(`${base}/pin-reset-codes/${encodeURIComponent(row.id)}`), t('pinReset.withdrawn'))) !== undefined;
  const state = (r: IssuedRow) =>
    r.withdrawnAt !== null ? t('pinReset.state.withdrawn', { name: r.withdrawnBy ?? '', time: fmt.dateTime(r.withdrawnAt) }) : r.expiresAt <= Date.now() ? t('pinReset.state.expired') : t('pinReset.state.valid');

  return (
    <Panel
      title={t('pinReset.panel')}
      testid="pin-reset-panel"
      extra={
        <button type="button" class="btn btn-small" data-testid="pin-reset-issue" disabled={!usable} title={usable ? undefined : t('pinReset.notEnrolled')} onClick={() => confirmation.ask(true)}>
          {t('pinReset.issue')}
        </button>
      }
    >
      <p class="muted small">{t('pinReset.explain')}</p>
      <Loaded data={issuedList.data} error={issuedList.error} reload={issuedList.reload}>
        {(d) => (
          <RecordTable
            testid="pin-reset-issued"
            records={d.issued}
            recordKey={(r) => r.id}
            empty={t('pinReset.none')}
            columns={[
              { header: t('pinReset.col.issuedAt'), cell: (r) => fmt.dateTime(r.issuedAt), class: 'num-font nowrap' },
              { header: t('pinReset.col.expiresAt'), cell: (r) => fmt.dateTime(r.expiresAt), class: 'num-font nowrap' },
              { header: t('pinReset.col.issuedBy'), cell: (r) => r.issuedBy },
              { header: t('pinReset.col.state'), cell: state, testid: 'pin-reset-state' },
            ]}
            actions={(r) =>
              r.withdrawnAt === null && r.expiresAt > Date.now() ? (
                <button type="button" class="btn btn-small" data-testid="pin-reset-withdraw" onClick={() => withdrawal.ask(r)}>
                  {t('pinReset.withdraw')}
                </button>
              ) : null
            }
          />
        )}
      </Loaded>
      <ConfirmAction
        confirmation={confirmation}
        title={() => t('pinReset.issue')}
        message={() => t('pinReset.confirm', { name: station.name })}
        confirmLabel={() => t('pinReset.issue')}
        perform={perform}
        onDone={issuedList.reload}
      />
      <ConfirmAction
        confirmation={withdrawal}
        title={() => t('pinReset.withdraw')}
        message={(r) => t('pinReset.withdrawConfirm', { name: station.name, time: fmt.dateTime(r.issuedAt) })}
        confirmLabel={() => t('pinReset.withdraw')}
        perform={withdraw}
        onDone={issuedList.reload}
      />
      {shown && (
        <Dialog
          title={t('pinReset.dialogTitle', { name: station.name })}
          onClose={() => setShown(null)}
          testid="pin-reset-code"
          footer={
            <button type="button" class="btn btn-primary" onClick={() => setShown(null)}>
              {t('action.close')}
            </button>
          }
        >
          <div class="code-box">
            <div class="code code-large" data-testid="pin-reset-digits">
              {grouped(shown.code)}
            </div>
            <div class="code-expiry" data-testid="pin-reset-expiry">{t('code.expires', { time: fmt.dateTime(shown.expiresAt) })}</div>
          </div>
          <p>{t('pinReset.once')}</p>
        </Dialog>
      )}
    </Panel>
  );
}
