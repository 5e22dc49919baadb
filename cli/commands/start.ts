// `yuanjiao start`: run the station agent until stopped, and open the kiosk on this terminal's screen.
import { Command, Option } from 'commander';
import type { Output } from '../program.ts';
import { resolveDataDir } from '../../agent/data-dir.ts';
import { startDaemon, type ListeningAgent } from '../../agent/daemon.ts';
import { DEFAULT_PORT } from '../../agent/agent-port.ts';
import { parseId } from '../cli-error.ts';
import { readStationSettings } from '../../agent/settings/settings-store.ts';
import { localDateTimeOf } from '../../agent/clock/local-time.pure.ts';
import { DEFAULT_ADMIN_PIN } from '../../agent/admin/admin-auth.ts';
import { launchKiosk } from '../../kiosk/main/launcher.ts';
import { CdpPipe } from '../../agent/proof/cdp-pipe.ts';
import { DevToolsScreenCapturer } from '../../agent/proof/devtools-capturer.ts';
import { stopRequested } from '../../common/stop-signal.ts';

export function startCommand(io: Output): Command {
  return new Command('start')
    .description('启动站点代理并打开屏幕 / start the station agent and open the kiosk')
    .option('--data <dir>', '数据目录 / data directory (env YUANJIAO_DATA)')
    .addOption(new Option('--port <n>', '本机端口 / loopback port').env('YUANJIAO_PORT').default(String(DEFAULT_PORT)))
    .option('--no-kiosk', '不打开屏幕，只运行代理 / run the agent only')
    .option('--demo', '首次运行时载入演示数据 / load demo data on first run')
    .action(async (opts: { data?: string; port: string; kiosk: boolean; demo?: boolean }) => {
      const dataDir = resolveDataDir(opts.data);
      const port = opts.port === '0' ? 0 : parseId(opts.port, '端口 / port ');
      const stop = stopRequested();
      if (opts.demo) io.out('正在准备演示数据（首次运行约需几秒）… / preparing demo data on first run …');
      // The address is told as soon as the agent answers, while its background work (library, USB, health,
      // uplink) starts: whoever waits for it — an operator, the kiosk-start benchmark — may ask from then on.
      const announce = (agent: ListeningAgent) => {
        const settings = readStationSettings(agent.ctx.db);
        io.out(`远教站点代理已启动 / station agent running`);
        io.out(`  站点 / station:   ${settings.stationName}`);
        io.out(`  数据 / data:      ${dataDir}`);
        io.out(`  屏幕 / kiosk:     ${agent.url}`);
        if (agent.demo) {
          const at = agent.demo.nextProgramAt === null ? '—' : localDateTimeOf(agent.demo.nextProgramAt, settings.timeZone);
          io.out(`  演示 / demo:      ${agent.demo.members} 名党员、${agent.demo.courses} 个课件、${agent.demo.programs} 个节目；下一场集中收看 ${at}`);
        }
        if (agent.ctx.auth.mustChangePin()) io.out(`  管理 / admin:     默认 PIN ${DEFAULT_ADMIN_PIN}，首次登录须修改 / default PIN, change it at first login`);
      };
      const agent = await startDaemon({ dataDir, port, demo: opts.demo === true, logLevel: process.env.YUANJIAO_LOG_LEVEL ?? 'warn', onListening: announce });
      if (opts.kiosk) {
        const { plan, devtools } = launchKiosk(agent.url, dataDir);
        // Proof of viewing: this process launched the kiosk's Chromium and alone holds its DevTools pipe.
        if (devtools) agent.ctx.proof.useScreen(new DevToolsScreenCapturer(new CdpPipe(devtools.toBrowser, devtools.fromBrowser), agent.url));
        io.out(plan.kind === 'none' ? `  未打开屏幕：${plan.reason}；请在浏览器中打开上面的地址` : `  已用 ${plan.kind} 打开屏幕 / kiosk opened with ${plan.kind}`);
      }
      io.out('按 Ctrl+C 停止 / press Ctrl+C to stop');
      await stop;
      await agent.stop();
      io.out('已停止 / stopped');
    });
}
