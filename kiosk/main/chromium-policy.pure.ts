// Does the Chromium policy the station package installs let the screen's address through? The policy is an
// allowlist naming the agent's port (packaging/station/chromium-policy.json); a port moved in
// /etc/default/yuanjiao without it would show Chromium's "blocked by your administrator" page in place of the
// screen. `yuanjiao kiosk` reads the installed file and says so in words before opening Chromium. Pure.

/** Where the station package installs the policy (a conffile: an administrator's edit is kept). */
export const KIOSK_POLICY_FILE = '/etc/chromium/policies/managed/yuanjiao-kiosk.json';

/**
 * Why `policyText` keeps Chromium from showing `url`, or null when it lets it through (or is not an
 * allowlist at all). Only the simple forms of Chromium's URL filter are read: scheme://host:port, scheme://host
 * and a bare host (any port) — the forms the package writes.
 */
export function policyBlocksScreen(policyText: string, url: string): string | null {
  let policy: { URLBlocklist?: unknown; URLAllowlist?: unknown };
  try {
    policy = JSON.parse(policyText) as typeof policy;
  } catch {
    return null;
  }
  const blocklist = Array.isArray(policy.URLBlocklist) ? policy.URLBlocklist : [];
  if (!blocklist.includes('*')) return null;
  const allowlist = (Array.isArray(policy.URLAllowlist) ? policy.URLAllowlist : []).filter((e): e is string => typeof e === 'string');
  const u = new URL(url);
  const origin = `${u.protocol}//${u.host}`;
  const forms = new Set([origin, `${origin}/`, `${u.protocol}//${u.hostname}`, u.host, u.hostname]);
  if (allowlist.some((entry) => forms.has(entry))) return null;
  return (
    `Chromium 策略 ${KIOSK_POLICY_FILE} 只允许 ${allowlist.join('、') || '（无）'}，不含屏幕地址 ${origin}，屏幕将显示“已被管理员阻止”。` +
    `若在 /etc/default/yuanjiao 中改了 YUANJIAO_PORT，请同时修改该文件中的 URLAllowlist / ` +
    `the Chromium policy allows only ${allowlist.join(', ') || '(nothing)'}, not the screen's ${origin}: the screen would be blocked. ` +
    `When YUANJIAO_PORT is moved, change URLAllowlist in that file too`
  );
}
