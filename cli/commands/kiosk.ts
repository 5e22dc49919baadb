// `yuanjiao kiosk`: opens the screen for an agent that is already running (the terminal's kiosk session).
//
// Electron if installed (it shows its own waiting page until the agent answers), else the system
// Chromium in --kiosk --app mode once /api/health answers, else it prints the URL to open. It stays
// in the foreground until the screen closes, because under cage the compositor ends with it and
// systemd starts both again, unless the administrator left through the admin exit.
//
// The Chromium fallback is watched through the agent (kiosk/main/recovery.pure.ts, judgeScreen): when its page
// has crashed or hung — Chromium itself would keep showing "Aw, Snap!" — Chromium is closed and opened
// again here, quickly at first and ever more slowly if it keeps failing (found by the kiosk drill).
import { Command, Option } from 'commander';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import type { Output } from '../program.ts';
import { resolveDataDir } from '../../agent/data-dir.ts';
import { DEFAULT_PORT } from '../../agent/agent-port.ts';
import { CliError, parseId } from '../cli-error.ts';
import { kioskLaunchPlan, spawnKiosk, watchScreen } from '../../kiosk/main/launcher.ts';
import { pipeCapturer, relayCaptures } from '../../kiosk/main/capture-relay.ts';
import { DEFAULT_RECOVERY_POLICY, errorRetryDelay } from '../../kiosk/main/recovery.pure.ts';
import { isAgentAnswering, waitForAgent } from '../../kiosk/main/agent-probe.ts';
import { ADMIN_EXIT_CODE } from '../../kiosk/main/shell-api.pure.ts';
import { takeAdminExitMarker, writeAdminExitMarker } from '../../kiosk/main/admin-exit-marker.ts';
import { KIOSK_POLICY_FILE, policyBlocksScreen } from '../../kiosk/main/chromium-policy.pure.ts';

/** At boot the agent may still be migrating or seeding; two minutes covers a slow terminal. */
export const DEFAULT_WAIT_SECONDS = 120;
/** A cold Chromium on a set-top box takes a while to paint its first page. */
export const DEFAULT_SCREEN_GRACE_SECONDS = 30;

function kioskUrl(opts: { url?: string; port?: string }): string {
  if (opts.url === undefined) {
    // The port the agent was given in /etc/default/yuanjiao, which the kiosk's unit reads too (not an option's
    // env fallback: that would make --url, which excludes --port, refuse whenever the variable is set).
    const port = opts.port ?? process.env.YUANJIAO_PORT;
    return `http://127.0.0.1:${port === undefined || port === '' ? DEFAULT_PORT : parseId(port, '端口 / port ')}/`;
  }
  let u: URL;
  try {
    u = new URL(opts.url);
  } catch {
    throw new CliError(`屏幕地址无效：“${opts.url}” / not a URL`, 2);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new CliError(`屏幕地址必须以 http:// 开头：“${opts.url}” / the kiosk URL must be http(s)`, 2);
  return u.toString();
}

function waitSeconds(value: string, option = '--wait', min = 0): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new CliError(`${option} 应为秒数（${min} 或更大的整数），收到 “${value}” / ${option} takes whole seconds`, 2);
  return n;
}

function readIfThere(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** Closes the browser: politely, then for good if it does not go within five seconds. */
function closeBrowser(child: ChildProcess): void {
  child.kill('SIGTERM');
  const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
  child.once('exit', () => clearTimeout(force));
}

/** Waits ms, or less if we are asked to stop meanwhile; true when asked to stop. */
function pause(ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (stopped: boolean) => () => {
      clearTimeout(timer);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve(stopped);
    };
    const onSignal = done(true);
    const timer = setTimeout(done(false), ms);
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  });
}

type Ending = { code: number | null; signal: NodeJS.Signals | null; stoppedByUs: boolean };

/** Waits for the screen to close; SIGINT/SIGTERM to us (Ctrl+C, systemctl stop) are passed on to it. */
function untilClosed(child: ChildProcess): Promise<Ending> {
  return new Promise((resolve, reject) => {
    let stoppedByUs = false;
    const forward = (signal: NodeJS.Signals) => () => {
      stoppedByUs = true;
      child.kill(signal);
    };
    const onInt = forward('SIGINT');
    const onTerm = forward('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    const done = () => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
    };
    child.once('error', (err) => {
      done();
      reject(new CliError(`无法启动屏幕程序：${err.message} / could not start the kiosk browser`));
    });
    child.once('exit', (code, signal) => {
      done();
      resolve({ code, signal, stoppedByUs });
    });
  });
}

export function kioskCommand(io: Output): Command {
  return new Command('kiosk')
    .description('为已运行的站点代理打开屏幕 / open the kiosk screen for a running agent')
    .addOption(new Option('--url <url>', '屏幕地址 / kiosk URL').conflicts('port'))
    .addOption(new Option('--port <n>', `代理的本机端口 / the agent's loopback port (default: env YUANJIAO_PORT, else ${DEFAULT_PORT})`))
    .option('--data <dir>', '数据目录，浏览器配置保存在其中 / data directory; the browser profile is kept in it (env YUANJIAO_DATA)')
    .addOption(new Option('--wait <seconds>', '打开 Chromium 前最多等待站点服务的秒数 / how long to wait for the agent before opening Chromium').default(String(DEFAULT_WAIT_SECONDS)))
    .addOption(
      new Option('--screen-grace <seconds>', 'Chromium 的页面崩溃或无响应多少秒后重新打开 / reopen Chromium when its page has been gone this long').default(String(DEFAULT_SCREEN_GRACE_SECONDS)),
    )
    .option('--check-admin-exit', '屏幕刚由管理员退出时以 1 退出（供 systemd ExecCondition 使用）/ exit 1 if the screen was just left through the admin exit (for ExecCondition)')
    .action(async (opts: { url?: string; port?: string; data?: string; wait: string; screenGrace: string; checkAdminExit?: boolean }) => {
      const dataDir = resolveDataDir(opts.data);
      if (opts.checkAdminExit) {
        if (takeAdminExitMarker(dataDir)) throw new CliError('屏幕刚由管理员退出，本次不自动打开 / the screen was just left through the admin exit: not reopening it');
        return;
      }
      const url = kioskUrl(opts);
      const wait = waitSeconds(opts.wait);
      const graceMs = waitSeconds(opts.screenGrace, '--screen-grace', 1) * 1000;
      let plan = kioskLaunchPlan(url, dataDir);

      if (plan.kind === 'chromium') {
        // The installed policy is an allowlist naming the agent's port: a port moved without it blanks the screen.
        const blocked = policyBlocksScreen(readIfThere(KIOSK_POLICY_FILE), url);
        if (blocked) io.err(blocked);
        // Chromium has no waiting page of its own: opened too early it shows its error page and stays there.
        const up = await waitForAgent(url, { timeoutMs: wait * 1000, onWaiting: () => io.out(`正在等待站点服务 ${url} … / waiting for the station service …`) });
        if (!up) {
          throw new CliError(
            `站点服务在 ${wait} 秒内未响应：${url}。请检查代理是否在运行（yuanjiao start，或 systemctl status yuanjiao-agent）/ ` +
              `the station service did not answer within ${wait} s; is the agent running?`,
          );
        }
      }

      const started = plan.kind === 'none' ? { plan, child: null } : spawnKiosk(plan, { stdio: 'inherit' });
      plan = started.plan;
      if (plan.kind === 'none' || !started.child) {
        io.out(`未打开屏幕：${plan.kind === 'none' ? plan.reason : '—'}`);
        io.out(`请在浏览器中打开 / open in a browser: ${url}`);
        io.out(
          (await isAgentAnswering(url))
            ? '  站点服务正在运行 / the station service is answering'
            : '  站点服务尚未响应，请先运行 yuanjiao start / the station service does not answer yet: run yuanjiao start',
        );
        return;
      }

      io.out(`已用 ${plan.kind} 打开屏幕：${url} / kiosk opened with ${plan.kind}`);
      let child = started.child;
      // Proof of viewing: this process alone holds the Chromium's DevTools pipe; it answers the agent's captures.
      // Remote help's restart (agent/remote-help/): the relay takes it on, this loop closes the browser and reopens it.
      let restartAsked = false;
      const relayFor = (devtools: typeof started.devtools, browser: NonNullable<typeof started.child>) =>
        devtools
          ? relayCaptures(url, pipeCapturer(url, devtools), {
              onRestart: () => {
                io.out('县级平台远程协助：重启屏幕 / remote help: restarting the kiosk browser');
                restartAsked = true;
                closeBrowser(browser);
              },
            })
          : null;
      let relay = relayFor(started.devtools, child);
      const reopened: number[] = [];
      let ending: Ending;
      for (;;) {
        const browser = child;
        // Only the Chromium fallback is watched: the Electron shell sees its own renderer crash and hang.
        const watch =
          plan.kind === 'chromium'
            ? watchScreen(url, {
                policy: { graceMs },
                onGone: (why) => {
                  io.out(`屏幕已无响应，正在重新打开 Chromium / the screen is gone (${why}); reopening Chromium`);
                  closeBrowser(browser);
                },
              })
            : null;
        ending = await untilClosed(browser);
        watch?.stop();
        relay?.stop();
        relay = null;
        if (ending.stoppedByUs) break;
        if (!watch?.gone && !restartAsked) break;
        const wasRestart = restartAsked;
        restartAsked = false;
        // The recovery policy's pace: at once, but after 5 reopenings within 10 minutes ever more slowly.
        const now = Date.now();
        reopened.push(now);
        const recent = reopened.filter((t) => t > now - DEFAULT_RECOVERY_POLICY.crashWindowMs).length;
        if (!wasRestart && recent >= DEFAULT_RECOVERY_POLICY.maxCrashes && (await pause(errorRetryDelay(recent)))) {
          io.out('屏幕已关闭 / the kiosk closed');
          return;
        }
        const again = spawnKiosk(plan, { stdio: 'inherit' });
        if (!again.child) throw new CliError('无法重新打开屏幕 / could not reopen the kiosk browser');
        child = again.child;
        relay = relayFor(again.devtools, again.child);
      }
      if (ending.stoppedByUs || ending.code === 0) {
        io.out('屏幕已关闭 / the kiosk closed');
        return;
      }
      if (ending.code === ADMIN_EXIT_CODE) {
        // For a cage that does not pass exit code 10 on: the unit's ExecCondition finds this and stays down.
        writeAdminExitMarker(dataDir);
        throw new CliError(`管理员已退出屏幕（退出码 ${ADMIN_EXIT_CODE}，屏幕服务不会自动重启）/ admin exit: the kiosk service will not restart it`, ADMIN_EXIT_CODE);
      }
      throw new CliError(
        ending.signal ? `屏幕程序被信号 ${ending.signal} 终止 / the kiosk browser was killed by ${ending.signal}` : `屏幕程序异常退出（退出码 ${ending.code}）/ the kiosk browser exited with ${ending.code}`,
      );
    });
}
