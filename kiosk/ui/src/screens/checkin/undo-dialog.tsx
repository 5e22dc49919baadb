// Undoing a mistaken check-in: pick the record, then an administrator confirms with the PIN.
import { useState } from 'preact/hooks';
import { Dialog } from '../../components/dialog.tsx';
import { PinPad, type PinRefusal } from '../../components/pin-pad.tsx';
import { fmt, t } from '../../i18n/i18n.ts';
import type { AttendeeView } from '../../api-types.ts';

export interface UndoDialogProps {
  attendees: readonly AttendeeView[];
  /** Resolves to what the PIN pad shows (a message, or a wait), or null once undone (the caller closes the dialog). */
  onUndo: (attendee: AttendeeView, pin: string) => Promise<PinRefusal | null>;
  onClose: () => void;
}

export function UndoDialog({ attendees, onUndo, onClose }: UndoDialogProps) {
  const [chosen, setChosen] = useState<AttendeeView | null>(null);
  // The most recent first: a mistake is nearly always the last tap.
  const recent = [...attendees].sort((a, b) => b.checkedInAt - a.checkedInAt || b.attendanceId - a.attendanceId);

  if (chosen) {
    return (
      <Dialog key="pin" title={t('checkin.pinDialog.title')} onClose={() => setChosen(null)} testId="undo-pin-dialog">
        <PinPad label={t('checkin.pinDialog.label', { name: chosen.name, time: fmt.time(chosen.checkedInAt) })} onSubmit={(pin) => onUndo(chosen, pin)} />
      </Dialog>
    );
  }
  return (
    <Dialog key="pick" title={t('checkin.undoDialog.title')} onClose={onClose} wide testId="undo-dialog">
      <p class="checkin-dialog-note">{recent.length === 0 ? t('checkin.undoDialog.empty') : t('checkin.undoDialog.pick')}</p>
      <div class="undo-list">
        {recent.map((a) => (
          <button key={a.attendanceId} type="button" class="btn undo-item" data-testid="undo-item" data-name={a.name} onClick={() => setChosen(a)}>
            <span class="undo-name">{a.name}</span>
            <span class="undo-time">{a.memberId === null ? `${t('checkin.undoDialog.guest')} · ` : ''}{fmt.time(a.checkedInAt)}</span>
          </button>
        ))}
      </div>
      <div class="checkin-dialog-actions">
        <button type="button" class="btn" onClick={onClose}>{t('common.close')}</button>
      </div>
    </Dialog>
  );
}
