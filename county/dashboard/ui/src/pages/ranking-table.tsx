// The month's station ranking: one row per enrolled station, sorted by the hub on the column clicked
// (again: the other way round); the rank stays each station's place by participation rate whatever the sort.
// A station below the minimum in a month that is over is tinted and says 未达标; while the month runs it says
// 进行中 (it can still catch up). A row opens the station's page.
import { fmt } from '../format.ts';
import { t, type MessageKey } from '../i18n/i18n.ts';
import { navigate, routeHref } from '../routing.ts';
import { OnlineState } from '../components/online-state.tsx';
import type { RankedRow, RankingSort, SortOrder } from '../api-types.ts';
import type { ComponentChildren } from 'preact';

interface Column {
  label: MessageKey;
  hint?: MessageKey;
  sort?: RankingSort;
  numeric?: boolean;
  cell(row: RankedRow, table: TableContext): ComponentChildren;
}

/** What every cell may need of the table: the hub's time, the month shown (kept when a row opens a station) and whether it is over. */
interface TableContext {
  now: number;
  month: string;
  monthComplete: boolean;
}

/** 未达标 once the month is over; 进行中 while it runs and the station has not met the minimum yet. */
export function BelowMark({ compliant, monthComplete }: { compliant: boolean; monthComplete: boolean }) {
  if (compliant) return null;
  return monthComplete ? (
    <span class="tag tag-bad" data-testid="below-marker">
      {t('ranking.below')}
    </span>
  ) : (
    <span class="tag tag-warn" data-testid="below-marker" title={t('ranking.running.hint')}>
      {t('ranking.running')}
    </span>
  );
}

const COLUMNS: Column[] = [
  { label: 'ranking.col.rank', hint: 'ranking.col.rank.hint', numeric: true, cell: (r) => <span class="rank">{r.rank}</span> },
  {
    label: 'ranking.col.station',
    sort: 'name',
    cell: (r, { month }) => (
      <a href={routeHref({ page: 'station', id: r.id, month })} onClick={(e) => e.stopPropagation()} class="station-link">
        {r.name}
      </a>
    ),
  },
  { label: 'ranking.col.grade', cell: (r) => t(`grade.${r.grade}`) },
  { label: 'ranking.col.online', sort: 'lastSeenAt', cell: (r, { now }) => <OnlineState online={r.online} enrolledAt={r.enrolledAt} lastSeenAt={r.lastSeenAt} now={now} compact /> },
  { label: 'ranking.col.uptime', sort: 'uptime', numeric: true, cell: (r) => fmt.pct(r.uptime) },
  {
    label: 'ranking.col.sessions',
    hint: 'ranking.col.sessions.hint',
    sort: 'compliance',
    numeric: true,
    cell: (r, { monthComplete }) => (
      <span class="held">
        <BelowMark compliant={r.compliant} monthComplete={monthComplete} />
        <span class="num">
          {r.sessionsHeld} / {r.sessionsRequired}
        </span>
      </span>
    ),
  },
  {
    label: 'ranking.col.participation',
    sort: 'participationRate',
    numeric: true,
    cell: (r) =>
      r.participationRate === null && r.registered === null ? (
        <span class="muted">{t('ranking.notReported')}</span>
      ) : (
        <span>
          <span class="fraction">
            {r.attendedRegistered}/{r.registered}
          </span>
          <strong class="num">{fmt.pct(r.participationRate)}</strong>
        </span>
      ),
  },
  { label: 'ranking.col.minutes', numeric: true, cell: (r) => (r.studyMinutes === null ? <span class="muted">—</span> : `${fmt.int(r.studyMinutes)} ${t('unit.minutes')}`) },
  { label: 'ranking.col.alerts', sort: 'alerts', numeric: true, cell: (r) => (r.alerts > 0 ? <span class="count count-bad">{r.alerts}</span> : <span class="muted">0</span>) },
  {
    label: 'ranking.col.weeklyMissing',
    numeric: true,
    cell: (r) => (r.weeklyReportsMissing > 0 ? <span class="count count-bad" data-testid="ranking-weekly-missing">{r.weeklyReportsMissing}</span> : <span class="muted">0</span>),
  },
];

export function RankingTable(props: { rows: readonly RankedRow[]; sort: RankingSort; order: SortOrder; onSort: (sort: RankingSort) => void } & TableContext) {
  const { rows, sort, order, onSort, ...table } = props;
  const open = (id: string) => navigate({ page: 'station', id, month: table.month });
  return (
    <div class="table-wrap">
      <table class="table ranking" data-testid="ranking">
        <thead>
          <tr>
            {COLUMNS.map((c) => {
              const active = c.sort !== undefined && c.sort === sort;
              const label = t(c.label);
              return (
                <th key={c.label} class={c.numeric ? 'num' : undefined} aria-sort={active ? (order === 'asc' ? 'ascending' : 'descending') : undefined} data-sort={c.sort}>
                  {c.sort ? (
                    <button type="button" class={`sort${active ? ' sort-active' : ''}`} title={t('ranking.sortBy', { column: label })} onClick={() => onSort(c.sort!)}>
                      {label}
                      <span class="sort-mark" aria-hidden="true">
                        {active ? (order === 'asc' ? '▲' : '▼') : '↕'}
                      </span>
                    </button>
                  ) : (
                    label
                  )}
                  {c.hint && <span class="th-hint">{t(c.hint)}</span>}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr
              key={r.id}
              class={`clickable${r.compliant || !table.monthComplete ? '' : ' row-below'}`}
              data-station={r.id}
              data-below={String(!r.compliant)}
              tabIndex={0}
              onClick={() => open(r.id)}
              onKeyDown={(e) => e.key === 'Enter' && open(r.id)}
            >
              {COLUMNS.map((c) => (
                <td key={c.label} class={c.numeric ? 'num' : undefined}>
                  {c.cell(r, table)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Rows a page of the ranking shows: a county's stations fit in a few pages, a province's 20,000 are read a page at a time. */
export const RANKING_PAGE = 100;

/** Which rows are shown of how many, and the pages before and after; nothing when every row fits on one page. */
export function RankingPager({ total, offset, shown, onPage }: { total: number; offset: number; shown: number; onPage: (from: number) => void }) {
  if (offset === 0 && shown >= total) return null;
  return (
    <div class="pager" data-testid="ranking-pager">
      <span>{t('ranking.page', { first: fmt.int(shown === 0 ? offset : offset + 1), last: fmt.int(offset + shown), total: fmt.int(total) })}</span>
      <button type="button" class="btn" disabled={offset === 0} onClick={() => onPage(Math.max(0, offset - RANKING_PAGE))} data-testid="ranking-prev">
        {t('ranking.prev')}
      </button>
      <button type="button" class="btn" disabled={offset + shown >= total} onClick={() => onPage(offset + RANKING_PAGE)} data-testid="ranking-next">
        {t('ranking.next')}
      </button>
    </div>
  );
}
