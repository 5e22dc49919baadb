// `yuanjiao county station help STATION screenshot|restart-kiosk|diagnostics`: remote help from the hub's own
// machine, as the dashboard's 远程协助 buttons do, recorded as asked by `cli`. The command goes into the hub's
// database; the running hub hands it to the station with its next downlink (a waiting station within ~10 s, the
// hub's recheck). With --wait the CLI stays until the station's result is in and saves a screenshot or bundle.
import fs from 'node:fs';
import type { HubContext } from './hub-context.ts';
import { HubError } from './hub-error.ts';
import type { HubRemoteHelp } from './store/remote-help-store.ts';
import type { RemoteHelpKind } from '../protocol/remote-help.pure.ts';

export interface RemoteHelpCliOutput {
  out(line: string): void;
}

/** The CLI's word for each kind (a hyphen, as the other options are spelt) → the protocol's. */
export const CLI_KINDS: Record<string, RemoteHelpKind> = { screenshot: 'screenshot', 'restart-kiosk': 'restart_kiosk', diagnostics: 'diagnostics' };

const STATE_WORDS: Record<HubRemoteHelp['state'], string> = {
  requested: '等待站点接收 / waiting for the station',
  delivered: '站点已接收 / received by the station',
  done: '已完成 / done',
  refused: '站点拒绝 / refused by the station',
  failed: '执行失败 / failed',
  expired: '已过期 / expired',
};

const POLL_MS = 500;

export async function askStation(
  ctx: HubContext,
  options: { stationId: string; kind: RemoteHelpKind; waitSeconds: number | null; out: string | null },
  io: RemoteHelpCliOutput,
): Promise<HubRemoteHelp> {
  const reporter = await ctx.stations.reporterOf(options.stationId, ctx.now());
  if (reporter === null) {
    if (!(await ctx.stations.get(options.stationId))) throw new HubError(404, 'station_not_found', { stationId: options.stationId });
    throw new HubError(409, 'remote_help_not_enrolled', {});
  }
  const at = ctx.now();
  const command = (await ctx.remoteHelp.open(options.stationId, options.kind, at)) ?? (await ctx.remoteHelp.issue({ stationId: options.stationId, secret: reporter.secret, kind: options.kind, issuedBy: 'cli', issuedById: 0 }, at));
  if (command.issuedAt === at) await ctx.staff.audit('cli', 'remote_help', { stationId: options.stationId, commandId: command.id, kind: command.kind }, at);
  io.out(`远程协助指令 ${command.id}（${command.kind}）：${STATE_WORDS[command.state]}`);
  if (options.waitSeconds === null) return command;

  const deadline = performance.now() + options.waitSeconds * 1000;
  let now = command;
  while ((now.state === 'requested' || now.state === 'delivered') && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    now = (await ctx.remoteHelp.get(command.id)) ?? now;
  }
  io.out(`${STATE_WORDS[now.state]}${now.code ? `（${now.code}）` : ''}`);
  if (now.state === 'done' && now.resultBytes !== null) {
    const payload = await ctx.remoteHelp.payload(options.stationId, command.id);
    if (payload) {
      const file = options.out ?? `${options.stationId}-${command.id.slice(0, 8)}${payload.kind === 'screenshot' ? '.jpg' : '.json.gz'}`;
      fs.writeFileSync(file, payload.bytes, { flag: 'wx' });
      io.out(`已保存 / saved: ${file}（${payload.bytes.length} 字节 / bytes）`);
    }
  }
  return now;
}
