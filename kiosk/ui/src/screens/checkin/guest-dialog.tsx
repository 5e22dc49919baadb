// Checking in a guest (来宾): a name typed on a keyboard (Chinese by IME), or "no name" for someone at the
// remote, and one of the guest categories. Guests are counted apart and never raise the participation rate.
import { useState } from 'preact/hooks';
import { Dialog } from '../../components/dialog.tsx';
import { t } from '../../i18n/i18n.ts';
import type { GuestCategory } from '../../api-types.ts';

export const GUEST_CATEGORY_ORDER: readonly GuestCategory[] = ['employee', 'non_registered', 'mobile', 'activist', 'applicant', 'other'];

export interface GuestDialogProps {
  /** Guests so far, to number a guest who leaves no name (来宾3). */
  guestCount: number;
  /** Resolves to a message to show, or null when the guest is checked in (the caller closes the dialog). */
  onSubmit: (guest: { name: string; category: GuestCategory }) => Promise<string | null>;
  onClose: () => void;
}

export function GuestDialog({ guestCount, onSubmit, onClose }: GuestDialogProps) {
  const [name, setName] = useState('');
  const [category, setCategory] = useState<GuestCategory | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    if (busy) return;
    if (name.trim() === '') return setProblem(t('checkin.guestDialog.needName'));
    if (!category) return setProblem(t('checkin.guestDialog.needCategory'));
    setBusy(true);
    const refused = await onSubmit({ name: name.trim(), category });
    setBusy(false);
    setProblem(refused);
  };

  return (
    <Dialog title={t('checkin.guestDialog.title')} onClose={onClose} wide testId="guest-dialog">
      <div class="guest-form">
        <label class="guest-label" for="guest-name">{t('checkin.guestDialog.name')}</label>
        <div class="guest-row">
          <input
            id="guest-name"
            class="checkin-input guest-name"
            data-testid="guest-name"
            data-autofocus
            maxLength={40}
            autoComplete="off"
            placeholder={t('checkin.guestDialog.namePlaceholder')}
            value={name}
            onInput={(e) => setName(e.currentTarget.value)}
            onKeyDown={(e) => {
              // OK in the name field moves on to the categories, or finishes once one is chosen.
              if (e.key !== 'Enter' || e.isComposing) return;
              e.preventDefault();
              if (category) void submit();
              else e.currentTarget.closest('.guest-form')?.querySelector<HTMLElement>('.guest-category')?.focus();
            }}
          />
          <button type="button" class="btn" data-testid="guest-anonymous" onClick={() => setName(t('checkin.guestDialog.anonymousName', { n: guestCount + 1 }))}>
            {t('checkin.guestDialog.anonymous')}
          </button>
        </div>
        <span class="guest-label">{t('checkin.guestDialog.category')}</span>
        <div class="guest-categories" role="radiogroup" aria-label={t('checkin.guestDialog.category')}>
          {GUEST_CATEGORY_ORDER.map((c) => (
            <button
              key={c}
              type="button"
              role="radio"
              aria-checked={category === c}
              class={`btn guest-category ${category === c ? 'guest-category-on' : ''}`}
              data-category={c}
              onClick={() => {
                setCategory(c);
                setProblem(null);
              }}
            >
              {t(`checkin.guestCategory.${c}`)}
            </button>
          ))}
        </div>
        <p class="checkin-dialog-problem" role="alert" data-testid="guest-problem">{problem ?? '\u00a0'}</p>
        <div class="checkin-dialog-actions">
          <button type="button" class="btn btn-primary" data-testid="guest-submit" disabled={busy} onClick={() => void submit()}>
            {t('checkin.guestDialog.submit')}
          </button>
          <button type="button" class="btn" onClick={onClose}>{t('common.cancel')}</button>
        </div>
      </div>
    </Dialog>
  );
}
