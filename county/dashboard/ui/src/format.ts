// Figures, dates and durations as staff read them: rates to one decimal, "—" for a figure that does not
// exist, dates in the county's time zone (from the hub's answers), relative times against the hub's clock.
import { locale, t } from './i18n/i18n.ts';

let zone = 'Asia/Shanghai';

/** Every answer that carries the county's time zone sets it here. */
export function setTimeZone(next: string): void {
  zone = next;
}

export const DASH = '—';

interface Parts {
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
}

const partFormats = new Map<string, Intl.DateTimeFormat>();

function parts(at: number): Parts {
  let format = partFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    partFormats.set(zone, format);
  }
  const out: Record<string, string> = {};
  for (const p of format.formatToParts(at)) out[p.type] = p.value;
  return { year: out.year!, month: out.month!, day: out.day!, hour: out.hour!, minute: out.minute! };
}

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export const fmt = {
  /** A share (0.8125) as "81.3%". */
  pct(rate: number | null | undefined, digits = 1): string {
    return rate === null || rate === undefined ? DASH : `${(rate * 100).toFixed(digits)}%`;
  },
  int(n: number | null | undefined): string {
    return n === null || n === undefined ? DASH : Math.round(n).toLocaleString(locale.get());
  },
  dateTime(at: number | null | undefined): string {
    if (at === null || at === undefined) return DASH;
    const p = parts(at);
    return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
  },
  date(at: number | null | undefined): string {
    if (at === null || at === undefined) return DASH;
    const p = parts(at);
    return `${p.year}-${p.month}-${p.day}`;
  },
  /** The county month ('2026-11') an instant falls in. */
  monthOf(at: number): string {
    const p = parts(at);
    return `${p.year}-${p.month}`;
  },
  /** '2026-11' as "2026年11月" / "November 2026". */
  month(month: string): string {
    const [year, m] = month.split('-');
    return t('month.format', { year: year!, month: Number(m), monthName: MONTH_NAMES[Number(m) - 1]! });
  },
  /** How long ago, judged against the hub's clock (the browser's may be wrong, or a test's). */
  ago(at: number | null | undefined, now: number): string {
    if (at === null || at === undefined) return DASH;
    const minutes = Math.max(0, Math.floor((now - at) / 60_000));
    if (minutes < 1) return t('time.justNow');
    if (minutes < 60) return t('time.ago.minutes', { n: minutes });
    if (minutes < 48 * 60) return t('time.ago.hours', { n: Math.floor(minutes / 60) });
    return t('time.ago.days', { n: Math.floor(minutes / 1440) });
  },
  /** A length of time in the largest sensible unit: "40 秒", "11 分钟", "3 小时". */
  amount(ms: number): string {
    const abs = Math.abs(ms);
    if (abs < 60_000) return t('amount.seconds', { n: Math.round(abs / 1000) });
    if (abs < 3_600_000) return t('amount.minutes', { n: Math.round(abs / 60_000) });
    return t('amount.hours', { n: Math.round(abs / 360_000) / 10 });
  },
  duration(seconds: number | null | undefined): string {
    if (seconds === null || seconds === undefined) return DASH;
    const d = Math.floor(seconds / 86_400);
    const h = Math.floor((seconds % 86_400) / 3600);
    const m = Math.floor((seconds % 3600) / 60);
    if (d > 0) return t('duration.days', { d, h });
    if (h > 0) return t('duration.hours', { h, m });
    return t('duration.minutes', { m });
  },
  bytes(n: number | null | undefined): string {
    if (n === null || n === undefined) return DASH;
    if (n >= 1e9) return `${(n / 1e9).toFixed(1)} GB`;
    if (n >= 1e6) return `${Math.round(n / 1e6)} MB`;
    // A diagnostic bundle is a few kilobytes: "0 MB" would read as empty.
    return n >= 1e3 ? `${Math.round(n / 1e3)} KB` : `${n} B`;
  },
};
