// 日程: the week as the notice board will show it, and the programs behind it — add, edit, delete.
import { useState } from 'preact/hooks';
import { fmt, stationTimeZone, t } from '../../../i18n/i18n.ts';
import { station } from '../../../station-store.ts';
import type { Board, Programs, ProgramWithPreview } from '../../../api-types.ts';
import { adminApi, failureText } from '../admin-api.ts';
import { rememberFocus, restoreFocus, useAdmin, useAdminResource, useStable, useStationEvents } from '../admin-hooks.ts';
import { ConfirmDialog, Problem, dayTitle, weekdayName } from '../fields.tsx';
import { addDays, localDateAt, mondayOf } from './local-dates.pure.ts';
import { weekBounds, weekColumns } from './week-view.pure.ts';
import { ProgramForm } from './program-form.tsx';

/** The board is asked for its longest reach, so the week view can page ahead about two months. */
const BOARD_DAYS = 62;

export function ScheduleTab() {
  const { notify } = useAdmin();
  const today = localDateAt(station.now(), stationTimeZone());
  const lastKnownDay = addDays(today, BOARD_DAYS - 1);
  const bounds = weekBounds(today, lastKnownDay);
  const [monday, setMonday] = useState(mondayOf(today));
  const [editing, setEditing] = useState<ProgramWithPreview | 'new' | null>(null);
  const [deleting, setDeleting] = useState<ProgramWithPreview | null>(null);
  const [busy, setBusy] = useState(false);
  const programs = useAdminResource<Programs>('/api/admin/programs');
  const board = useAdminResource<Board>(`/api/board?days=${BOARD_DAYS}`);
  const reload = () => {
    programs.reload();
    board.reload();
  };
  useStationEvents(['schedule_changed', 'data_changed', 'program_starting', 'playback_state'], reload);
  const closeForm = useStable(() => {
    setEditing(null);
    restoreFocus();
  });
  const open = (program: ProgramWithPreview | 'new') => {
    rememberFocus();
    setEditing(program);
  };
  const cancelDelete = useStable(() => setDeleting(null));

  if (editing !== null) {
    return (
      <ProgramForm
        program={editing === 'new' ? null : editing}
        today={today}
        onCancel={closeForm}
        onSaved={() => {
          closeForm();
          reload();
        }}
      />
    );
  }

  const all = programs.data?.programs ?? [];
  // One-off showings that have been shown (and every finished "play now") stay in the table for the records only.
  const finished = all.filter((p) => p.next.length === 0 && p.rule.type === 'once');
  const listed = all.filter((p) => !finished.includes(p));
  const byId = new Map(all.map((p) => [p.id, p]));
  const columns = weekColumns(monday, today, lastKnownDay, board.data?.showings ?? []);

  const remove = async (program: ProgramWithPreview) => {
    setBusy(true);
    try {
      await adminApi.del(`/api/admin/programs/${program.id}`);
      notify(t('admin.schedule.deleted', { title: program.title }));
      setDeleting(null);
      restoreFocus();
      reload();
    } catch (err) {
      notify(failureText(err), 'error');
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="adm-panel" data-testid="schedule-tab">
      <header class="adm-panel-head">
        <h2 class="adm-h2">{t('admin.schedule.title')}</h2>
        <div class="adm-head-actions">
          <button type="button" class="btn" aria-label={t('admin.schedule.prevWeek')} data-testid="prev-week" disabled={monday <= bounds.first} onClick={() => setMonday(addDays(monday, -7))}>
            ◀
          </button>
          <span class="adm-week-label" data-testid="week-label">
            {dayTitle(monday)} – {dayTitle(addDays(monday, 6))}
          </span>
          <button type="button" class="btn" aria-label={t('admin.schedule.nextWeek')} data-testid="next-week" disabled={monday >= bounds.last} onClick={() => setMonday(addDays(monday, 7))}>
            ▶
          </button>
          <button type="button" class="btn" disabled={monday === bounds.first} onClick={() => setMonday(bounds.first)}>
            {t('admin.schedule.thisWeek')}
          </button>
          <button type="button" class="btn btn-primary" data-testid="add-program" data-focus-key="add-program" onClick={() => open('new')}>
            {t('admin.schedule.add')}
          </button>
        </div>
      </header>
      <Problem text={programs.error ?? board.error} />

      <div class="adm-week" data-testid="week">
        {columns.map((c) => (
          <div key={c.date} class={`adm-day ${c.isToday ? 'adm-day-today' : ''} ${c.isPast ? 'adm-day-past' : ''}`} data-date={c.date}>
            <div class="adm-day-head">
              <b>{weekdayName(c.weekday)}</b> {Number(c.date.slice(5, 7))}/{Number(c.date.slice(8))}
              {c.isToday && <span class="adm-today-mark">{t('admin.schedule.today')}</span>}
            </div>
            {c.showings.map((s) => {
              const program = byId.get(s.programId);
              const editable = program?.origin === 'station';
              return (
                <button
                  key={`${s.programId}-${s.date}`}
                  type="button"
                  class={`adm-week-item ${s.kind === 'group_viewing' ? 'adm-item-group' : 'adm-item-bg'}`}
                  data-testid="week-item"
                  data-focus-key={`week-${s.programId}-${s.date}`}
                  disabled={!editable}
                  title={s.ruleText}
                  onClick={() => program && open(program)}
                >
                  <span class="adm-item-time">{s.time.slice(0, 5)}</span>
                  <span class="adm-item-title">{program?.makeUp ? `${t('makeUp.tag')}·${s.title}` : s.title}</span>
                </button>
              );
            })}
            {c.beyondHorizon && <div class="adm-day-note">{t('admin.schedule.beyond')}</div>}
          </div>
        ))}
      </div>

      <h3 class="adm-h3">{t('admin.schedule.programs')}</h3>
      {programs.loading && !programs.data && <p>{t('common.loading')}</p>}
      {programs.data && listed.length === 0 && <p class="adm-empty">{t('admin.schedule.none')}</p>}
      <ul class="adm-list" data-testid="program-list">
        {listed.map((p) => (
          <li key={p.id} class="adm-row adm-program" data-testid="program-row">
            <div class="adm-row-main">
              <div class="adm-row-title">
                {p.title}
                <span class={`tag ${p.kind === 'group_viewing' ? '' : 'adm-tag-quiet'}`}>{p.kind === 'group_viewing' ? t('common.groupViewing') : t('common.background')}</span>
                {p.origin === 'county' && <span class="tag">{t('common.fromCounty')}</span>}
                {p.makeUp && <span class="tag" data-testid="program-make-up-tag">{t('makeUp.tag')}</span>}
              </div>
              <div class="adm-row-sub">
                {p.ruleText}
                {p.next[0] ? `\u3000${t('admin.schedule.nextAt', { when: fmt.dateTime(p.next[0].startsAt) })}` : `\u3000${t('admin.schedule.noNext')}`}
              </div>
            </div>
            {p.origin === 'station' ? (
              <div class="adm-row-actions">
                <button type="button" class="btn" data-focus-key={`edit-program-${p.id}`} onClick={() => open(p)}>
                  {t('common.edit')}
                </button>
                <button type="button" class="btn btn-danger" onClick={() => setDeleting(p)}>{t('common.delete')}</button>
              </div>
            ) : (
              <span class="adm-row-note">{t('admin.schedule.readOnly')}</span>
            )}
          </li>
        ))}
      </ul>
      {finished.length > 0 && <p class="adm-footnote">{t('admin.schedule.finished', { n: finished.length })}</p>}

      {deleting && (
        <ConfirmDialog
          title={t('admin.schedule.deleteTitle')}
          text={t('admin.schedule.deleteText', { title: deleting.title, rule: deleting.ruleText })}
          confirmLabel={t('common.delete')}
          danger
          busy={busy}
          onCancel={cancelDelete}
          onConfirm={() => void remove(deleting)}
        />
      )}
    </section>
  );
}
