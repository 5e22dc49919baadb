// Formatting for the admin screens that needs no catalog: sizes, uptimes, and the agent's two-language messages.

/** Bytes in binary units, as disk tools show them: 1.5 GB, 820 MB. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toFixed(digits)} ${units[unit]}`;
}

export function uptimeParts(seconds: number): { days: number; hours: number; minutes: number } {
  const s = Math.max(0, Math.floor(seconds));
  return { days: Math.floor(s / 86_400), hours: Math.floor((s % 86_400) / 3_600), minutes: Math.floor((s % 3_600) / 60) };
}

/**
 * The half of an agent message ("中文 / English") for the screen's language. Several problems come joined
 * by '；', each with both halves ("A / a；B / b"); a schema message has one Chinese and one English half
 * with '；' inside each. Both shapes are handled.
 */
export function agentText(message: string, locale: 'zh-CN' | 'en'): string {
  const segments = message.split('；');
  if (segments.length > 1 && segments.every((s) => s.includes(' / '))) {
    const halves = segments.map((s) => splitHalves(s));
    return locale === 'en' ? halves.map((h) => h[1]).join('; ') : halves.map((h) => h[0]).join('；');
  }
  const [zh, en] = splitHalves(message);
  return locale === 'en' ? en : zh;
}

function splitHalves(text: string): [string, string] {
  const at = text.indexOf(' / ');
  if (at < 0) return [text, text];
  return [text.slice(0, at).trim(), text.slice(at + 3).trim()];
}
