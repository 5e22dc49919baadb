// 设备: the terminal's health as the agent sees it right now — uptime, load, memory, disk, database, outbox, alerts —
// then the sampled monitoring with its 48-hour charts, and the equipment register (设备登记).
import { useEffect } from 'preact/hooks';
import { currentLocale, fmt, t } from '../../../i18n/i18n.ts';
import type { DeviceHealth } from '../../../api-types.ts';
import { useAdminResource } from '../admin-hooks.ts';
import { formatBytes, uptimeParts } from '../admin-format.ts';
import { Problem } from '../fields.tsx';
import { HealthPanel } from './health-panel.tsx';
import { EquipmentPanel } from './equipment-panel.tsx';

/** Often enough to watch the disk fill during a copy, rarely enough to cost nothing. */
const REFRESH_MS = 15_000;
/** Below this share of free disk the figure is shown as a warning. */
const LOW_DISK_SHARE = 0.1;

function uptime(seconds: number): string {
  const p = uptimeParts(seconds);
  if (p.days > 0) return t('admin.device.daysHours', { days: p.days, hours: p.hours });
  return t('admin.device.hoursMinutes', { hours: p.hours, minutes: p.minutes });
}

function Figure(props: { label: string; value: string; detail?: string; warn?: boolean; testId?: string }) {
  return (
    <div class={`adm-figure ${props.warn ? 'adm-figure-warn' : ''}`} data-testid={props.testId}>
      <span class="adm-figure-label">{props.label}</span>
      <b>{props.value}</b>
      {props.detail && <span class="adm-figure-detail">{props.detail}</span>}
    </div>
  );
}

export function DeviceTab() {
  const health = useAdminResource<DeviceHealth>('/api/admin/device');
  useEffect(() => {
    const timer = setInterval(health.reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, []);
  const h = health.data;
  const freeShare = h ? h.disk.freeBytes / Math.max(1, h.disk.totalBytes) : 1;
  return (
    <section class="adm-panel" data-testid="device-tab">
      <header class="adm-panel-head">
        <h2 class="adm-h2">{t('admin.device.title')}</h2>
        <div class="adm-head-actions">
          {h && <span class="adm-footnote">{t('admin.device.sampledAt', { time: fmt.time(h.sampledAt) })}</span>}
          <button type="button" class="btn" data-testid="device-refresh" onClick={health.reload}>{t('admin.device.refresh')}</button>
        </div>
      </header>
      <Problem text={health.error} />
      {!h ? (
        <p>{t('common.loading')}</p>
      ) : (
        <>
          <div class="adm-figures adm-figures-grid" data-testid="device-figures">
            <Figure label={t('admin.device.agentUptime')} value={uptime(h.agentUptimeSeconds)} testId="agent-uptime" />
            <Figure label={t('admin.device.osUptime')} value={uptime(h.osUptimeSeconds)} />
            <Figure
              label={t('admin.device.load')}
              value={h.loadAverage[0].toFixed(2)}
              detail={t('admin.device.loadDetail', { l5: h.loadAverage[1].toFixed(2), l15: h.loadAverage[2].toFixed(2), n: h.cpuCount })}
              warn={h.loadAverage[1] > h.cpuCount}
            />
            <Figure
              label={t('admin.device.memory')}
              value={t('admin.device.free', { free: formatBytes(h.memory.freeBytes) })}
              detail={t('admin.device.ofTotal', { total: formatBytes(h.memory.totalBytes) })}
            />
            <Figure
              label={t('admin.device.disk')}
              value={t('admin.device.free', { free: formatBytes(h.disk.freeBytes) })}
              detail={t('admin.device.ofTotal', { total: formatBytes(h.disk.totalBytes) })}
              warn={freeShare < LOW_DISK_SHARE}
              testId="disk-free"
            />
            <Figure label={t('admin.device.database')} value={formatBytes(h.databaseBytes)} />
            <Figure label={t('admin.device.outbox')} value={t('admin.device.events', { n: h.outboxPending })} detail={t('admin.device.outboxDetail')} testId="outbox" />
            <Figure label={t('admin.device.software')} value={h.nodeVersion} detail={h.platform} />
          </div>
          <p class="adm-footnote">{t('admin.device.dataDir', { path: h.disk.path })}</p>
          <h3 class="adm-h3">{t('admin.device.alerts')}</h3>
          {h.activeAlerts.length === 0 ? (
            <p class="adm-ok" data-testid="no-alerts">{t('admin.device.noActiveAlerts')}</p>
          ) : (
            <ul class="adm-list">
              {h.activeAlerts.map((a) => (
                <li key={a.code} class="adm-row adm-alert" tabIndex={0}>
                  ⚠ {currentLocale() === 'en' ? a.messageEn : a.message}
                  <span class="adm-row-note">{t('admin.device.since', { when: fmt.dateTime(a.since) })}</span>
                </li>
              ))}
            </ul>
          )}
          <HealthPanel overview={h.health} now={h.sampledAt} />
          <EquipmentPanel />
          <h3 class="adm-h3">{t('admin.device.recentAlerts')}</h3>
          {h.recentAlerts.length === 0 ? (
            <p class="adm-empty">{t('admin.device.noRecentAlerts')}</p>
          ) : (
            <table class="adm-table adm-log">
              <tbody>
                {h.recentAlerts.map((a) => (
                  <tr key={a.id} tabIndex={0}>
                    <td class="num adm-log-time">{fmt.dateTime(a.at)}</td>
                    <td>{a.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}
