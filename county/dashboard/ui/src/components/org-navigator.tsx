// The org tree's navigator above the overview: where the figures are (全部 › 新疆 › 哈密市 › 伊州区, each a link
// that keeps the month) and a search by name or pinyin initials that jumps to a unit or a station. Keyboard: type,
// ↓/↑ through the matches, Enter opens one, Esc closes the list.
import { Fragment } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, query } from '../api.ts';
import { t, type MessageKey } from '../i18n/i18n.ts';
import { navigate, routeHref } from '../routing.ts';
import type { OrgMatch, OrgSearchAnswer, UnitRef } from '../api-types.ts';

export const levelKey = (level: UnitRef['level'] | null): MessageKey => (level === null ? 'org.level.station' : `org.level.${level}`);

export function OrgBreadcrumbs({ path, month, current }: { path: readonly UnitRef[]; month?: string; current?: string }) {
  return (
    <nav class="breadcrumb org-breadcrumb" aria-label={t('org.nav')} data-testid="org-breadcrumb">
      <a href={routeHref({ page: 'overview', month })} data-unit="">
        {t('org.top')}
      </a>
      {path.map((u, i) => (
        <Fragment key={u.id}>
          <span aria-hidden="true">›</span>
          {i === path.length - 1 && current === undefined ? (
            <strong aria-current="page" data-unit={u.id}>
              {u.name}
            </strong>
          ) : (
            <a href={routeHref({ page: 'overview', unit: u.id, month })} data-unit={u.id}>
              {u.name}
            </a>
          )}
        </Fragment>
      ))}
      {current !== undefined && (
        <>
          <span aria-hidden="true">›</span>
          <strong aria-current="page">{current}</strong>
        </>
      )}
    </nav>
  );
}

function open(match: OrgMatch, month: string | undefined): void {
  if (match.kind === 'unit') navigate({ page: 'overview', unit: match.id, month });
  else navigate({ page: 'station', id: match.id, month });
}

export function OrgSearch({ month }: { month?: string }) {
  const [text, setText] = useState('');
  const [matches, setMatches] = useState<OrgMatch[] | null>(null);
  const [active, setActive] = useState(0);
  const latest = useRef(0);

  useEffect(() => {
    const wanted = text.trim();
    if (wanted === '') {
      setMatches(null);
      return;
    }
    const ticket = ++latest.current;
    // A short pause while typing, so each keystroke does not ask the hub.
    const timer = setTimeout(() => {
      api.get<OrgSearchAnswer>(`/api/county/org/search${query({ q: wanted })}`).then(
        (answer) => {
          if (ticket !== latest.current) return;
          setMatches(answer.matches);
          setActive(0);
        },
        () => ticket === latest.current && setMatches([]),
      );
    }, 180);
    return () => clearTimeout(timer);
  }, [text]);

  const choose = (m: OrgMatch | undefined) => {
    if (!m) return;
    setText('');
    setMatches(null);
    open(m, month);
  };
  const onKey = (e: KeyboardEvent) => {
    if (!matches || matches.length === 0) return;
    if (e.key === 'ArrowDown') setActive((a) => Math.min(a + 1, matches.length - 1));
    else if (e.key === 'ArrowUp') setActive((a) => Math.max(a - 1, 0));
    else if (e.key === 'Enter') choose(matches[active]);
    else if (e.key === 'Escape') setMatches(null);
    else return;
    e.preventDefault();
  };

  return (
    <div class="org-search" data-testid="org-search">
      <input
        type="search"
        value={text}
        placeholder={t('org.search')}
        title={t('org.search.hint')}
        aria-label={t('org.search')}
        role="combobox"
        aria-expanded={matches !== null}
        aria-controls="org-search-results"
        aria-activedescendant={matches && matches.length > 0 ? `org-match-${active}` : undefined}
        onInput={(e) => setText((e.target as HTMLInputElement).value)}
        onKeyDown={onKey}
        maxLength={40}
      />
      {matches !== null && (
        <ul class="org-search-results" id="org-search-results" role="listbox" data-testid="org-search-results">
          {matches.length === 0 ? (
            <li class="muted org-search-none">{t('org.search.none', { text: text.trim() })}</li>
          ) : (
            matches.map((m, i) => (
              <li
                key={`${m.kind}:${m.id}`}
                id={`org-match-${i}`}
                role="option"
                aria-selected={i === active}
                class={i === active ? 'active' : undefined}
                data-kind={m.kind}
                data-id={m.id}
                onMouseDown={(e) => {
                  e.preventDefault();
                  choose(m);
                }}
              >
                <span class="tag tag-neutral">{t(levelKey(m.level))}</span>
                <strong>{m.name}</strong>
                {m.path.length > 0 && <span class="muted small">{m.path.join(' › ')}</span>}
              </li>
            ))
          )}
        </ul>
      )}
    </div>
  );
}
