// 记录: a month's group viewings and rate, each session's attendance list, the month's station log, and
// the print and export step for every inspection record (records-exports.tsx).
import { useState } from 'preact/hooks';
import { Dialog } from '../../../components/dialog.tsx';
import { currentLocale, fmt, stationTimeZone, t } from '../../../i18n/i18n.ts';
import { station } from '../../../station-store.ts';
import type { LogEntry, MonthlyReport, SessionView, StationLog } from '../../../api-types.ts';
import { useAdminResource, useStable } from '../admin-hooks.ts';
import { ACTOR_KEYS, CATEGORY_KEYS, GUEST_KEYS, LOG_TYPE_KEYS, METHOD_KEYS } from '../admin-labels.ts';
import { ChoiceButton, Problem, dayTitle, monthTitle } from '../fields.tsx';
import { localDateAt, monthOf, monthSearchWindow, shiftMonth } from '../schedule/local-dates.pure.ts';
import { PrintDialog, RecordsExports, SaveOutcome, useExportSave } from './records-exports.tsx';
import { SessionTutorField } from './session-tutor-field.tsx';
import { NotStudied } from './not-studied.tsx';
import { WeeklyReport } from './weekly-report.tsx';
import { RoomRegister } from './room-register.tsx';

type SessionLine = MonthlyReport['sessions'][number];
const LOG_PAGE = 12;

/** "19:32" from the report's ISO time with offset, read as written (it is already station-local). */
function clock(iso: string | null): string {
  return iso === null ? '—' : iso.slice(11, 16);
}

export function RecordsTab() {
  const thisMonth = monthOf(localDateAt(station.now(), stationTimeZone()));
  const [month, setMonth] = useState(thisMonth);
  const [view, setView] = useState<'report' | 'notStudied' | 'log' | 'exports' | 'weekly' | 'room'>('report');
  return (
    <section class="adm-panel" data-testid="records-tab">
      <header class="adm-panel-head">
        <h2 class="adm-h2">{t('admin.records.title')}</h2>
        <div class="adm-head-actions">
          {/* The weekly report steps through weeks of its own; every other view is a month's. */}
          {view !== 'weekly' && (
            <>
              <button type="button" class="btn" aria-label={t('admin.records.prevMonth')} data-testid="prev-month" onClick={() => setMonth(shiftMonth(month, -1))}>◀</button>
              <span class="adm-month-label" data-testid="records-month">{monthTitle(month)}</span>
              <button type="button" class="btn" aria-label={t('admin.records.nextMonth')} disabled={month >= thisMonth} onClick={() => setMonth(shiftMonth(month, 1))}>▶</button>
            </>
          )}
          <button type="button" class={`btn adm-toggle ${view === 'report' ? 'adm-on' : ''}`} aria-pressed={view === 'report'} onClick={() => setView('report')}>
            {t('admin.records.report')}
          </button>
          <button type="button" class={`btn adm-toggle ${view === 'notStudied' ? 'adm-on' : ''}`} aria-pressed={view === 'notStudied'} data-testid="show-not-studied" onClick={() => setView('notStudied')}>
            {t('makeUp.records.view')}
          </button>
          <button type="button" class={`btn adm-toggle ${view === 'log' ? 'adm-on' : ''}`} aria-pressed={view === 'log'} data-testid="show-log" onClick={() => setView('log')}>
            {t('admin.records.log')}
          </button>
          <button type="button" class={`btn adm-toggle ${view === 'exports' ? 'adm-on' : ''}`} aria-pressed={view === 'exports'} data-testid="show-exports" onClick={() => setView('exports')}>
            {t('records.exports')}
          </button>
          <button type="button" class={`btn adm-toggle ${view === 'weekly' ? 'adm-on' : ''}`} aria-pressed={view === 'weekly'} data-testid="show-weekly" onClick={() => setView('weekly')}>
            {t('weekly.view')}
          </button>
          <button type="button" class={`btn adm-toggle ${view === 'room' ? 'adm-on' : ''}`} aria-pressed={view === 'room'} data-testid="show-room" onClick={() => setView('room')}>
            {t('room.view')}
          </button>
        </div>
      </header>
      {view === 'report' && <MonthReport month={month} />}
      {view === 'notStudied' && <NotStudied month={month} />}
      {view === 'log' && <StationLog month={month} />}
      {view === 'exports' && <RecordsExports month={month} />}
      {view === 'weekly' && <WeeklyReport />}
      {view === 'room' && <RoomRegister month={month} today={localDateAt(station.now(), stationTimeZone())} />}
    </section>
  );
}

function MonthReport(props: { month: string }) {
  const report = useAdminResource<MonthlyReport>(`/api/admin/reports/month/${props.month}`);
  const [open, setOpen] = useState<SessionLine | null>(null);
  const close = useStable(() => setOpen(null));
  const r = report.data?.month === props.month ? report.data : null;
  if (report.error) return <Problem text={report.error} />;
  if (!r) return <p>{t('common.loading')}</p>;
  return (
    <>
      <div class="adm-figures" data-testid="month-figures">
        <div class={`adm-figure ${r.compliant ? 'adm-figure-ok' : 'adm-figure-warn'}`}>
          <span class="adm-figure-label">{t('admin.records.held')}</span>
          <b data-testid="sessions-held">{t('admin.records.heldOf', { held: r.sessionsHeld, required: r.sessionsRequired })}</b>
          <span>{r.compliant ? t('admin.records.compliant') : t('admin.records.notCompliant')}</span>
        </div>
        <div class="adm-figure">
          <span class="adm-figure-label">{t('admin.records.monthRate')}</span>
          <b data-testid="month-rate">{fmt.rate(r.participationRate)}</b>
          <span>{t('admin.records.attendedOf', { attended: r.attendedRegistered, registered: r.registered })}</span>
        </div>
        <div class="adm-figure">
          <span class="adm-figure-label">{t('admin.records.excused')}</span>
          <b>{t('common.people', { n: r.excused })}</b>
          <span>{r.excusedMembers.map((m) => m.name).join('、') || '—'}</span>
        </div>
        <div class="adm-figure">
          <span class="adm-figure-label">{t('admin.records.guests')}</span>
          <b>{t('common.people', { n: r.guests })}</b>
          <span>{t('admin.records.studyMinutes', { n: r.studyMinutes })}</span>
        </div>
        <div class={`adm-figure ${r.satisfaction.meetsTarget === false ? 'adm-figure-warn' : r.satisfaction.meetsTarget ? 'adm-figure-ok' : ''}`}>
          <span class="adm-figure-label">{t('satisfaction.records.label')}</span>
          <b data-testid="month-satisfaction">{fmt.rate(r.satisfaction.share)}</b>
          <span>{t('satisfaction.records.detail', { n: r.satisfaction.answers, target: fmt.rate(r.satisfaction.target) })}</span>
        </div>
      </div>
      {r.sessions.length === 0 ? (
        <p class="adm-empty">{t('admin.records.noSessions')}</p>
      ) : (
        <table class="adm-table" data-testid="session-table">
          <thead>
            <tr>
              <th>{t('admin.records.col.date')}</th>
              <th>{t('admin.records.col.program')}</th>
              <th>{t('admin.records.col.start')}</th>
              <th>{t('admin.records.col.played')}</th>
              <th>{t('admin.records.col.present')}</th>
              <th>{t('admin.records.col.rate')}</th>
              <th>{t('admin.records.col.late')}</th>
              <th>{t('admin.records.col.guests')}</th>
              <th>{t('admin.records.col.held')}</th>
            </tr>
          </thead>
          <tbody>
            {r.sessions.map((s) => (
              // The whole row opens the attendance list: OK on the remote, a tap, or a click.
              <tr key={s.id} tabIndex={0} role="button" class="adm-row-button" data-testid="session-row" aria-label={t('admin.records.openSession', { title: s.programTitle, date: s.date })} onClick={() => setOpen(s)}>
                <td class="num">{dayTitle(s.date)}</td>
                <td>
                  {s.programTitle}
                  {s.makeUp && <span class="tag" data-testid="session-make-up">{t('makeUp.tag')}</span>}
                </td>
                <td class="num">{clock(s.startedAt ?? s.scheduledStart)}</td>
                <td class="num">{t('common.minutes', { n: s.playedMinutes })}</td>
                <td class="num">{s.attendedRegistered}/{s.registered}</td>
                <td class="num">{fmt.rate(s.rate)}</td>
                <td class="num">{s.late}</td>
                <td class="num">{s.guests}</td>
                <td>{s.makeUp ? t('makeUp.tag') : s.held ? t('common.yes') : t('common.no')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {open && <AttendanceDialog line={open} onClose={close} />}
    </>
  );
}

function AttendanceDialog(props: { line: SessionLine; onClose: () => void }) {
  const view = useAdminResource<SessionView>(`/api/sessions/${props.line.id}`);
  const v = view.data;
  const [printing, setPrinting] = useState(false);
  const closePrint = useStable(() => setPrinting(false));
  const exporting = useExportSave();
  const sheet = { id: `signin-${props.line.id}`, kind: 'signin-sheet' as const, params: { session: String(props.line.id) }, label: t('records.export.signin', { date: props.line.date, title: props.line.programTitle }) };
  return (
    <Dialog title={t('admin.records.attendanceTitle', { title: props.line.programTitle, date: props.line.date })} onClose={props.onClose} wide testId="attendance-dialog">
      <Problem text={view.error} />
      {!v ? (
        <p>{t('common.loading')}</p>
      ) : (
        <>
          <SessionTutorField view={v} onChanged={view.reload} />
          <p class="adm-confirm-text">
            {t('admin.records.attendanceSummary', {
              present: v.figures.attendedRegistered,
              registered: v.figures.registered,
              rate: fmt.rate(v.figures.rate),
              late: v.figures.late,
              guests: v.figures.guests,
            })}
          </p>
          {v.attendees.length === 0 ? (
            <p class="adm-empty">{t('admin.records.nobody')}</p>
          ) : (
            <table class="adm-table" data-testid="attendee-table">
              <thead>
                <tr>
                  <th>{t('admin.records.col.name')}</th>
                  <th>{t('admin.records.col.category')}</th>
                  <th>{t('admin.records.col.checkedIn')}</th>
                  <th>{t('admin.records.col.late')}</th>
                  <th>{t('admin.records.col.method')}</th>
                </tr>
              </thead>
              <tbody>
                {v.attendees.map((a) => (
                  <tr key={a.attendanceId} tabIndex={0} data-testid="attendee-row">
                    <td>{a.name}</td>
                    <td>
                      {a.memberCategory ? t(CATEGORY_KEYS[a.memberCategory]) : a.guestCategory ? t(GUEST_KEYS[a.guestCategory]) : '—'}
                      {!a.registered && <span class="tag adm-tag-quiet">{t('admin.records.guestTag')}</span>}
                      {a.registered && v.session.makeUp && <span class="tag" data-testid="attendee-make-up">{t('makeUp.tag')}</span>}
                    </td>
                    <td class="num">{fmt.time(a.checkedInAt)}</td>
                    <td>{a.late ? t('admin.records.late') : '—'}</td>
                    <td>{METHOD_KEYS[a.method] ? t(METHOD_KEYS[a.method]!) : a.method}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
      <SaveOutcome state={exporting} />
      <div class="adm-actions">
        <button type="button" class="btn" data-autofocus onClick={props.onClose}>{t('common.close')}</button>
        <button type="button" class="btn" data-testid="attendance-print" onClick={() => setPrinting(true)}>{t('records.attendance.printSheet')}</button>
        <button type="button" class="btn" data-testid="attendance-export" disabled={exporting.busy !== null} onClick={() => void exporting.save(sheet, 'pdf')}>
          {t('records.attendance.exportSheet')}
        </button>
      </div>
      {printing && <PrintDialog item={sheet} onClose={closePrint} />}
    </Dialog>
  );
}

const LOG_TYPES = Object.keys(LOG_TYPE_KEYS) as LogEntry['type'][];

function StationLog(props: { month: string }) {
  const [type, setType] = useState<LogEntry['type'] | 'all'>('all');
  const [page, setPage] = useState(0);
  const span = monthSearchWindow(props.month);
  const query = `since=${span.since}&until=${span.until}&limit=10000${type === 'all' ? '' : `&type=${type}`}`;
  const log = useAdminResource<StationLog>(`/api/admin/log?${query}`);
  const zone = stationTimeZone();
  // The window is generous on both sides; the station-local month decides what belongs.
  const entries = (log.data?.entries ?? []).filter((e) => monthOf(localDateAt(e.at, zone)) === props.month).reverse();
  const pages = Math.max(1, Math.ceil(entries.length / LOG_PAGE));
  const current = Math.min(page, pages - 1);
  const shown = entries.slice(current * LOG_PAGE, (current + 1) * LOG_PAGE);
  return (
    <div data-testid="station-log">
      <div class="adm-log-bar">
        <ChoiceButton<LogEntry['type'] | 'all'>
          label={t('admin.log.type')}
          value={type}
          columns={4}
          options={[{ value: 'all', label: t('admin.log.all') }, ...LOG_TYPES.map((k) => ({ value: k, label: t(LOG_TYPE_KEYS[k]) }))]}
          onChange={(next) => {
            setType(next);
            setPage(0);
          }}
        />
        <button type="button" class="btn" disabled={current === 0} onClick={() => setPage(current - 1)}>{t('admin.log.newer')}</button>
        <span class="adm-page">{t('admin.log.page', { page: current + 1, pages, n: entries.length })}</span>
        <button type="button" class="btn" disabled={current >= pages - 1} onClick={() => setPage(current + 1)}>{t('admin.log.older')}</button>
      </div>
      <Problem text={log.error} />
      {log.data && entries.length === 0 && <p class="adm-empty">{t('admin.log.empty')}</p>}
      <table class="adm-table adm-log">
        <tbody>
          {shown.map((e) => (
            <tr key={e.id} data-testid="log-row">
              <td class="num adm-log-time">{new Intl.DateTimeFormat(currentLocale(), { timeZone: zone, month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(e.at)}</td>
              <td class="adm-log-type">{t(LOG_TYPE_KEYS[e.type])}</td>
              <td class="adm-log-actor">{ACTOR_KEYS[e.actor] ? t(ACTOR_KEYS[e.actor]!) : e.actor}</td>
              <td>{e.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
