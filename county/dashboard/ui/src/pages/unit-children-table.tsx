// A unit's children on the overview — each child unit and each station directly under the unit — with the
// figures rolled up and the rank among them by participation rate (ties share it). A unit's row drills down
// (the month kept), a station's opens its page.
import { fmt } from '../format.ts';
import { t } from '../i18n/i18n.ts';
import { navigate, routeHref, type Route } from '../routing.ts';
import { levelKey } from '../components/org-navigator.tsx';
import type { ChildFigures } from '../api-types.ts';

function target(c: ChildFigures, month: string): Route {
  return c.kind === 'unit' ? { page: 'overview', unit: c.id, month } : { page: 'station', id: c.id, month };
}

export function UnitChildrenTable({ rows, month, monthComplete }: { rows: readonly ChildFigures[]; month: string; monthComplete: boolean }) {
  return (
    <div class="table-wrap table-scroll">
      <table class="table ranking unit-children" data-testid="unit-children">
        <thead>
          <tr>
            <th class="num">
              {t('org.col.rank')}
              <span class="th-hint">{t('org.col.rank.hint')}</span>
            </th>
            <th>{t('org.col.name')}</th>
            <th>{t('org.col.level')}</th>
            <th class="num">
              {t('org.col.stations')}
              <span class="th-hint">{t('org.col.stations.hint')}</span>
            </th>
            <th class="num">{t('org.col.online')}</th>
            <th class="num">{t('org.col.uptime')}</th>
            <th class="num">{t('org.col.participation')}</th>
            <th class="num">
              {t('org.col.compliance')}
              <span class="th-hint">{t('org.col.compliance.hint')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((c) => {
            const below = monthComplete && c.inMonth > 0 && c.compliant < c.inMonth;
            const go = () => navigate(target(c, month));
            return (
              <tr key={`${c.kind}:${c.id}`} class="clickable" data-kind={c.kind} data-id={c.id} data-rank={c.rank} onClick={go}>
                <td class="num">
                  <span class="rank">{c.rank}</span>
                </td>
                <td>
                  <a href={routeHref(target(c, month))} class="station-link" onClick={(e) => e.stopPropagation()} title={t('org.open', { name: c.name })}>
                    {c.name}
                  </a>
                </td>
                <td class="muted">{t(levelKey(c.level))}</td>
                <td class="num">
                  {c.enrolled} / {c.stations}
                </td>
                <td class="num">
                  {c.onlineNow}
                  <span class="fraction-after">{fmt.pct(c.onlineRate, 0)}</span>
                </td>
                <td class="num">{fmt.pct(c.uptime)}</td>
                <td class="num">
                  <strong>{fmt.pct(c.participation.rate)}</strong>
                </td>
                <td class={`num${below ? ' text-bad' : ''}`}>
                  {c.compliant} / {c.inMonth}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
