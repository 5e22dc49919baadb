// 收看留证: the pictures each of the month's group viewings sent — the screen at its start, middle and end, and
// the room's photo where the station's camera is on — as thumbnails, each a link to the full picture.
import { query } from '../api.ts';
import { fmt } from '../format.ts';
import { t, type MessageKey } from '../i18n/i18n.ts';
import { useApi } from '../use-api.ts';
import { Panel } from '../components/page-header.tsx';
import { Empty, ErrorNotice, Loading } from '../components/load-state.tsx';
import type { StationDetail, StationProofs } from '../api-types.ts';

type Proof = StationProofs['proofs'][number];
type Moment = Proof['moment'];

const MOMENTS: readonly Moment[] = ['start', 'middle', 'end', 'room'];
const momentLabel = (m: Moment) => t(`proof.moment.${m}` as MessageKey);

export function StationProofs({ stationId, detail }: { stationId: string; detail: StationDetail }) {
  const proofs = useApi<StationProofs>(`/api/county/stations/${encodeURIComponent(stationId)}/proofs${query({ month: detail.month })}`);
  const bySession = new Map<number, Map<Moment, Proof>>();
  for (const p of proofs.data?.proofs ?? []) {
    const pictures = bySession.get(p.sessionId) ?? new Map<Moment, Proof>();
    pictures.set(p.moment, p);
    bySession.set(p.sessionId, pictures);
  }
  const viewings = detail.sessions.filter((s) => bySession.has(s.sessionId));
  return (
    <Panel title={t('proof.panel')} testid="station-proofs" extra={<span class="muted small">{t('proof.hint')}</span>}>
      {proofs.error ? (
        <ErrorNotice error={proofs.error} />
      ) : !proofs.data ? (
        <Loading />
      ) : viewings.length === 0 ? (
        <Empty testid="station-proofs-empty">{t('proof.empty')}</Empty>
      ) : (
        <div class="table-wrap">
          <table class="table table-compact" data-testid="station-proofs-table">
            <tbody>
              {viewings.map((s) => {
                const pictures = bySession.get(s.sessionId)!;
                return (
                  <tr key={s.sessionId} data-testid="proof-viewing">
                    <td class="nowrap">
                      {s.date} <span class="muted">{s.title}</span>
                    </td>
                    {MOMENTS.filter((m) => m !== 'room' || pictures.has('room')).map((m) => {
                      const p = pictures.get(m);
                      const src = `/api/county/stations/${encodeURIComponent(stationId)}/sessions/${s.sessionId}/proofs/${m}`;
                      return (
                        <td key={m} class="proof-cell">
                          <div class="muted small">{momentLabel(m)}</div>
                          {p ? (
                            <a href={src} target="_blank" rel="noopener">
                              <img
                                src={src}
                                width={160}
                                height={Math.round((160 * p.height) / p.width)}
                                loading="lazy"
                                data-testid={`proof-${m}`}
                                alt={t('proof.alt', { title: s.title, moment: momentLabel(m), time: fmt.dateTime(p.takenAt) })}
                              />
                            </a>
                          ) : (
                            <span class="muted">{t('proof.missing')}</span>
                          )}
                        </td>
                      );
                    })}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </Panel>
  );
}
