// Asks the running agent over loopback HTTP whether it answers (/api/health) and what it is doing (/api/state).

const REQUEST_TIMEOUT_MS = 3_000;

/** The agent's address for `path`, from any URL on it (the kiosk URL may carry a path or a hash). */
export function agentUrl(kioskUrl: string, path: string): string {
  return new URL(path, kioskUrl).toString();
}

/** True when GET /api/health answers 200 within the timeout; never throws. */
export async function isAgentAnswering(kioskUrl: string, timeoutMs = REQUEST_TIMEOUT_MS): Promise<boolean> {
  try {
    const res = await fetch(agentUrl(kioskUrl, '/api/health'), { signal: AbortSignal.timeout(timeoutMs) });
    await res.body?.cancel();
    return res.ok;
  } catch {
    return false;
  }
}

/** GET /api/state as parsed JSON, or null when the agent does not answer. */
export async function readAgentState(kioskUrl: string, timeoutMs = REQUEST_TIMEOUT_MS): Promise<unknown> {
  try {
    const res = await fetch(agentUrl(kioskUrl, '/api/state'), { signal: AbortSignal.timeout(timeoutMs) });
    return res.ok ? ((await res.json()) as unknown) : null;
  } catch {
    return null;
  }
}

/**
 * Polls /api/health until it answers or the deadline passes. Resolves true when it answered.
 * `onWaiting` is called once, on the first failed try, so the caller can say what it is waiting for.
 */
export async function waitForAgent(kioskUrl: string, options: { timeoutMs: number; intervalMs?: number; onWaiting?: () => void }): Promise<boolean> {
  const deadline = Date.now() + options.timeoutMs;
  let told = false;
  for (;;) {
    if (await isAgentAnswering(kioskUrl, Math.max(1, Math.min(REQUEST_TIMEOUT_MS, deadline - Date.now())))) return true;
    if (!told) {
      told = true;
      options.onWaiting?.();
    }
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, Math.min(options.intervalMs ?? 500, Math.max(0, deadline - Date.now()))));
  }
}

/** What the agent sees of the screen (GET /api/kiosk/screen), for the Chromium watch; null when it does not answer. */
export async function readScreen(kioskUrl: string, timeoutMs = REQUEST_TIMEOUT_MS): Promise<{ streams: number; lastHeartbeatAt: number | null; agentNow: number } | null> {
  try {
    const res = await fetch(agentUrl(kioskUrl, '/api/kiosk/screen'), { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) return null;
    const body = (await res.json()) as { streams?: unknown; kiosk?: { lastSeenAt?: unknown }; now?: unknown };
    if (typeof body.streams !== 'number') return null;
    const lastSeenAt = typeof body.kiosk?.lastSeenAt === 'number' ? body.kiosk.lastSeenAt : null;
    return { streams: body.streams, lastHeartbeatAt: lastSeenAt, agentNow: typeof body.now === 'number' ? body.now : Date.now() };
  } catch {
    return null;
  }
}
