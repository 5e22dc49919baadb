// The start of a kiosk test with the admin screens: a seeded station whose group viewing opens check-in
// soon, its agent started (past the forced PIN change when a PIN is given) and Chromium launched.
import type { Browser } from 'playwright-core';
import { startDaemon, type DaemonOptions, type RunningAgent } from '../../agent/daemon.ts';
import { localDateOf, localTimeOf } from '../../agent/clock/local-time.pure.ts';
import { launchBrowser } from './browser.ts';
import { replaceDefaultPin } from './admin-pin.ts';
import { ZONE, type Station } from './station-fixture.ts';

/** A one-off group viewing starting on the whole minute 10 minutes ahead: its check-in opens soon. */
export function addViewingSoon(station: Station, program: { title: string; courseId?: number }): void {
  const start = Math.ceil((Date.now() + 10 * 60_000) / 60_000) * 60_000;
  station.addProgram({ ...program, rule: { type: 'once', date: localDateOf(start, ZONE), time: localTimeOf(start, ZONE) } }, Date.now() - 3_600_000);
}

export interface AdminKiosk {
  agent: RunningAgent;
  browser: Browser;
  /** The admin session of the PIN change; empty when no PIN was given (the default PIN still set). */
  token: string;
}

/** Starts the agent on the station's data (port chosen by the system, errors only in the log), sets `pin` in place of the default one when given, and launches Chromium. */
export async function startAdminKiosk(options: DaemonOptions, pin?: string): Promise<AdminKiosk> {
  const agent = await startDaemon({ port: 0, logLevel: 'error', ...options });
  try {
    const token = pin === undefined ? '' : await replaceDefaultPin(agent.url, pin);
    const browser = await launchBrowser();
    return { agent, browser, token };
  } catch (err) {
    // The test's afterAll never sees this agent: stop it here, or it outlives the run.
    await agent.stop();
    throw err;
  }
}
