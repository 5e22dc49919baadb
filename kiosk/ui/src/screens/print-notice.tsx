// The program notice for the door (节目预告), an A4 page for the coming week or month.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.ts';
import { fmt, t } from '../i18n/i18n.ts';
import { station, useStation } from '../station-store.ts';
import type { Showing } from '../api-types.ts';

export function PrintNotice({ range }: { range: 'week' | 'month' }) {
  const { state } = useStation();
  const [showings, setShowings] = useState<Showing[] | null>(null);
  const days = range === 'week' ? 7 : 31;
  useEffect(() => {
    void api.get<{ showings: Showing[] }>(`/api/board?days=${days}`).then((r) => setShowings(r.showings));
  }, [days]);
  useEffect(() => {
    // Print once the page has everything; the kiosk's print dialog (or Save as PDF) takes it from there.
    if (state && showings) requestAnimationFrame(() => window.print());
  }, [state, showings]);
  if (!state || !showings) return <p>{t('common.loading')}</p>;
  const from = station.now();
  return (
    <article class="print-notice" data-testid="print-notice">
      <h1>{t('board.print.title', { station: state.station.name })}</h1>
      <p class="period">{t('board.print.period', { from: fmt.fullDate(from), to: fmt.fullDate(from + (days - 1) * 86_400_000) })}</p>
      <table>
        <thead>
          <tr>
            <th>{t('board.col.date')}</th>
            <th>{t('board.col.time')}</th>
            <th>{t('board.col.program')}</th>
            <th>{t('board.col.kind')}</th>
          </tr>
        </thead>
        <tbody>
          {showings.map((s) => (
            <tr key={`${s.programId}-${s.date}`}>
              <td>{fmt.shortDate(s.startsAt)}</td>
              <td>{s.time}</td>
              <td>{s.title}{s.notes ? <div class="notes">{s.notes}</div> : null}</td>
              <td>{s.kind === 'group_viewing' ? t('common.groupViewing') : t('common.background')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="footer">{t('board.print.footer')}</p>
    </article>
  );
}
