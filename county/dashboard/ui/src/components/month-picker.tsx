// Picks the month the figures are for: the previous/next month, or any of the last two years; never a
// month after the hub's current one.
import { fmt } from '../format.ts';
import { t } from '../i18n/i18n.ts';

const SPAN = 24;

function shift(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number);
  const index = y! * 12 + (m! - 1) + by;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export function MonthPicker({ month, latest, onChange }: { month: string; latest: string; onChange: (month: string) => void }) {
  const months = Array.from({ length: SPAN }, (_, i) => shift(latest, -i));
  if (!months.includes(month)) months.push(month);
  return (
    <div class="month-picker" data-testid="month-picker">
      <span class="month-picker-label">{t('month.label')}</span>
      <button type="button" class="btn btn-icon" title={t('month.prev')} aria-label={t('month.prev')} onClick={() => onChange(shift(month, -1))}>
        ‹
      </button>
      <select aria-label={t('month.label')} value={month} onChange={(e) => onChange((e.target as HTMLSelectElement).value)}>
        {months.map((m) => (
          <option key={m} value={m}>
            {fmt.month(m)}
          </option>
        ))}
      </select>
      <button type="button" class="btn btn-icon" title={t('month.next')} aria-label={t('month.next')} disabled={month >= latest} onClick={() => onChange(shift(month, 1))}>
        ›
      </button>
    </div>
  );
}
