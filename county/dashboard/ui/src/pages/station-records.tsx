// The record tables of a station's page: the month's group viewings with their attendance, the equipment
// register and the tail of the station log.
import { fmt } from '../format.ts';
import { t } from '../i18n/i18n.ts';
import { Empty } from '../components/load-state.tsx';
import type { LogLine, SessionReport, StationDetail } from '../api-types.ts';

type SurveyLine = StationDetail['satisfaction']['sessions'][number];

/** The month's group viewings, each with its satisfaction survey when the station reported one. */
export function SessionsTable({ sessions, surveys }: { sessions: readonly SessionReport[]; surveys: readonly SurveyLine[] }) {
  const surveyOf = new Map(surveys.map((s) => [s.sessionId, s]));
  if (sessions.length === 0) return <Empty testid="sessions-empty">{t('station.sessions.empty')}</Empty>;
  return (
    <div class="table-wrap">
      <table class="table" data-testid="sessions">
        <thead>
          <tr>
            <th>{t('station.sessions.date')}</th>
            <th>{t('station.sessions.program')}</th>
            <th class="num">{t('station.sessions.registered')}</th>
            <th class="num">{t('station.sessions.attended')}</th>
            <th class="num">{t('station.sessions.rate')}</th>
            <th class="num">{t('station.sessions.guests')}</th>
            <th class="num">{t('station.sessions.minutes')}</th>
            <th>{t('station.sessions.held')}</th>
            <th class="num">{t('station.sessions.satisfaction')}</th>
          </tr>
        </thead>
        <tbody>
          {sessions.map((s) => (
            <tr key={s.sessionId}>
              <td class="nowrap">
                {s.date} <span class="muted">{fmt.dateTime(s.startedAt ?? s.scheduledStart).slice(11)}</span>
              </td>
              <td>
                {s.title}
                {s.makeUp && <span class="tag tag-warn" data-testid="session-make-up">{t('makeUp.sessionTag')}</span>}
              </td>
              <td class="num">{s.registered}</td>
              <td class="num">{s.attendedRegistered}</td>
              <td class="num">
                <strong>{fmt.pct(s.rate)}</strong>
              </td>
              <td class="num">{s.guests}</td>
              <td class="num">{s.playedMinutes}</td>
              <td>{s.makeUp ? <span class="tag">{t('makeUp.sessionHeld')}</span> : s.held ? <span class="tag tag-good">{t('station.sessions.heldYes')}</span> : <span class="tag tag-warn">{t('station.sessions.heldNo')}</span>}</td>
              <SurveyCell survey={surveyOf.get(s.sessionId)} />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The share satisfied with how many of those present answered: "66.7%（3 / 3 人评价）", or a dash with no survey. */
function SurveyCell({ survey }: { survey: SurveyLine | undefined }) {
  if (!survey) return <td class="num muted" data-testid="session-satisfaction">—</td>;
  const answers = survey.satisfied + survey.basicallySatisfied + survey.dissatisfied;
  return (
    <td class="num nowrap" data-testid="session-satisfaction">
      <strong>{fmt.pct(survey.share)}</strong> <span class="muted small">{t('station.sessions.satisfaction.detail', { answers, present: survey.present })}</span>
    </td>
  );
}

interface EquipmentItem {
  id?: number;
  name?: string;
  model?: string | null;
  quantity?: number;
  issuedOn?: string | null;
  condition?: string;
}

const CONDITIONS = ['good', 'fair', 'damaged', 'scrapped'] as const;

function conditionLabel(condition: string | undefined): string {
  const known = CONDITIONS.find((c) => c === condition);
  return known ? t(`condition.${known}`) : (condition ?? '—');
}

export function EquipmentTable({ equipment }: { equipment: StationDetail['equipment'] }) {
  const items = (equipment?.items ?? []) as EquipmentItem[];
  if (items.length === 0) return <Empty>{t('station.equipment.empty')}</Empty>;
  return (
    <>
      <p class="panel-note">{t('station.equipment.at', { time: fmt.dateTime(equipment!.at) })}</p>
      <table class="table table-compact" data-testid="equipment">
        <thead>
          <tr>
            <th>{t('station.equipment.name')}</th>
            <th>{t('station.equipment.model')}</th>
            <th class="num">{t('station.equipment.quantity')}</th>
            <th>{t('station.equipment.issuedOn')}</th>
            <th>{t('station.equipment.condition')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item, i) => (
            <tr key={item.id ?? i}>
              <td>{item.name ?? '—'}</td>
              <td>{item.model ?? '—'}</td>
              <td class="num">{item.quantity ?? '—'}</td>
              <td class="nowrap">{item.issuedOn ?? '—'}</td>
              <td class={item.condition === 'damaged' || item.condition === 'scrapped' ? 'text-bad' : undefined}>{conditionLabel(item.condition)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

const LOG_TYPES = ['station', 'admin', 'roster', 'program', 'schedule', 'session', 'checkin', 'playback', 'content', 'alert'] as const;
const ACTORS = ['system', 'admin', 'cli', 'kiosk', 'county'] as const;

/** The station's own codes in words; a code this page does not know yet is shown as it came. */
function logType(type: string): string {
  const known = LOG_TYPES.find((x) => x === type);
  return known ? t(`logType.${known}`) : type;
}

function actor(name: string): string {
  const known = ACTORS.find((x) => x === name);
  return known ? t(`actor.${known}`) : name;
}

export function StationLog({ lines }: { lines: readonly LogLine[] }) {
  if (lines.length === 0) return <Empty>{t('station.log.empty')}</Empty>;
  return (
    <div class="table-wrap table-scroll">
      <table class="table table-compact" data-testid="station-log">
        <thead>
          <tr>
            <th>{t('station.log.time')}</th>
            <th>{t('station.log.type')}</th>
            <th>{t('station.log.actor')}</th>
            <th>{t('station.log.message')}</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l) => (
            <tr key={l.eventId}>
              <td class="nowrap num-font">{fmt.dateTime(l.at)}</td>
              <td class="nowrap">{logType(l.type)}</td>
              <td class="nowrap">{actor(l.actor)}</td>
              <td>{l.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
