// Which requests the agent's API takes: those the terminal's own screen makes. Binding to 127.0.0.1 keeps the
// network out, but not a web page the screen (or any browser on the terminal) opens elsewhere: through DNS
// rebinding such a page reaches 127.0.0.1 under its own name, and a cross-site form can POST to it. Both show
// in the request — a Host that is not this agent's loopback address, an Origin that is not the agent's own.

/** The names under which the terminal reaches its agent. */
const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

function isAgentAuthority(authority: string, port: number): boolean {
  const at = authority.lastIndexOf(':');
  if (at <= 0) return false;
  const name = authority.slice(0, at).toLowerCase();
  return LOOPBACK_NAMES.has(name) && authority.slice(at + 1) === String(port);
}

/**
 * Why a request does not come from this terminal's screen, in words for the log; null when it does.
 * `port` is the port the request arrived on (the agent's own).
 */
export function foreignRequest(host: string | undefined, origin: string | undefined, port: number): string | null {
  if (host === undefined || !isAgentAuthority(host, port)) return `Host ${JSON.stringify(host ?? '')}`;
  // Same-origin GETs carry no Origin; a page elsewhere (another site, a file:// page: "null") always does.
  if (origin === undefined) return null;
  let authority: string;
  try {
    const url = new URL(origin);
    if (url.protocol !== 'http:') return `Origin ${JSON.stringify(origin)}`;
    authority = url.host;
  } catch {
    return `Origin ${JSON.stringify(origin)}`;
  }
  return isAgentAuthority(authority, port) ? null : `Origin ${JSON.stringify(origin)}`;
}
