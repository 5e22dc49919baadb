// Which URLs the kiosk window may show: the agent's exact origin and nothing else. Pure.
//
// Every check parses with the WHATWG URL parser (what Chromium itself uses) and compares the parsed
// protocol, hostname and port. String prefixes are never compared: `http://127.0.0.1:8720.evil.com`
// and `http://127.0.0.1:87201` start with the agent's address and are somewhere else entirely.

/** The parts of an origin we compare; `port` is '' when the scheme's default port is used. */
export interface AgentOrigin {
  protocol: 'http:' | 'https:';
  hostname: string;
  port: string;
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** The origin of the kiosk URL the shell was started with; throws when it is not an http(s) URL. */
export function agentOriginOf(kioskUrl: string): AgentOrigin {
  const u = parse(kioskUrl);
  if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:')) {
    throw new Error(`屏幕地址必须是 http(s) 地址，收到 “${kioskUrl}” / the kiosk URL must be http(s)`);
  }
  return { protocol: u.protocol, hostname: u.hostname, port: u.port };
}

/** `http://127.0.0.1:8720`, for building URLs and for messages. */
export function originString(origin: AgentOrigin): string {
  return `${origin.protocol}//${origin.hostname}${origin.port ? `:${origin.port}` : ''}`;
}

function sameOrigin(u: URL, origin: AgentOrigin): boolean {
  return u.protocol === origin.protocol && u.hostname === origin.hostname && u.port === origin.port;
}

/**
 * May the kiosk window navigate (or be redirected) to `url`?
 *
 * - http(s) on exactly the agent's protocol, hostname and port: yes. Spellings the URL parser
 *   normalises to the same address (`HTTP://`, `:08720`) are the same socket, so they pass too.
 * - URLs carrying a user name or password: no; nothing on the station uses them, and they are the
 *   classic way to dress one host up as another.
 * - blob: whose inner origin is the agent's: yes (the UI may open a blob it made itself).
 * - data:, file:, javascript:, about:, devtools:, chrome:, view-source:, filesystem:, ws: and anything
 *   unparseable: no.
 */
export function isAllowedNavigation(url: string, origin: AgentOrigin): boolean {
  const u = parse(url);
  if (!u) return false;
  if (u.protocol === 'blob:') {
    // The path of a blob URL is `<origin>/<uuid>`; its own parsed origin is the inner one.
    const inner = parse(u.pathname);
    return inner !== null && inner.username === '' && inner.password === '' && sameOrigin(inner, origin);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return false;
  if (u.username !== '' || u.password !== '') return false;
  return sameOrigin(u, origin);
}
