// A station's mobile-member ledger (流动党员台帐) for the year of the month shown, as the station sent it, with
// the year's ledger as a file.
import { fmt } from '../format.ts';
import { t } from '../i18n/i18n.ts';
import { Empty } from '../components/load-state.tsx';
import { Panel } from '../components/page-header.tsx';
import { ExportLinks } from '../components/export-links.tsx';
import type { StationDetail } from '../api-types.ts';

type Entry = StationDetail['mobileLedger'][number];

const KIND_KEYS = { flow_in: 'station.ledger.flowIn', flow_out: 'station.ledger.flowOut', return: 'station.ledger.return' } as const;

function remark(e: Entry): string {
  return [e.note ?? '', e.corrects === null ? '' : t('station.ledger.corrects', { n: e.corrects }), e.correctedBy === null ? '' : t('station.ledger.correctedBy', { n: e.correctedBy })]
    .filter((p) => p !== '')
    .join('；');
}

export function StationLedger({ detail }: { detail: StationDetail }) {
  const year = detail.month.slice(0, 4);
  const entries = detail.mobileLedger;
  return (
    <Panel
      title={t('station.ledger.title', { year })}
      testid="station-ledger"
      extra={
        <ExportLinks
          base={`/api/county/stations/${encodeURIComponent(detail.station.id)}/mobile-ledger`}
          month={detail.month}
          params={{ year }}
          what={t('station.ledger.exportWhat', { name: detail.station.name, year })}
          testid="station-ledger-export"
        />
      }
    >
      {entries.length === 0 ? (
        <Empty testid="station-ledger-empty">{t('station.ledger.empty', { year })}</Empty>
      ) : (
        <div class="table-wrap table-scroll">
          <table class="table table-compact" data-testid="station-ledger-table">
            <thead>
              <tr>
                <th>{t('station.ledger.no')}</th>
                <th>{t('station.ledger.date')}</th>
                <th>{t('station.ledger.kind')}</th>
                <th>{t('station.ledger.name')}</th>
                <th>{t('station.ledger.organisation')}</th>
                <th>{t('station.ledger.contact')}</th>
                <th>{t('station.ledger.certificate')}</th>
                <th>{t('station.ledger.remark')}</th>
                <th>{t('station.ledger.enteredAt')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.entryId} class={e.correctedBy === null ? '' : 'muted'}>
                  <td class="num-font">{e.entryId}</td>
                  <td class="nowrap num-font">{e.date}</td>
                  <td class="nowrap">{t(KIND_KEYS[e.kind])}</td>
                  <td class="nowrap">{e.memberName}</td>
                  <td>{e.organisation}</td>
                  <td>{e.contact ?? ''}</td>
                  <td>{e.certificateNo ?? ''}</td>
                  <td>{remark(e)}</td>
                  <td class="nowrap num-font">{fmt.dateTime(e.enteredAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Panel>
  );
}
