// What a notification contact must be, and how its address is shown back. A robot's webhook address holds its
// key (anyone with it can post to the group), so staff pages show it cut; a mobile number is shown whole, for
// staff to check it is the right person's.

export type ContactProblem = 'channel' | 'phone' | 'webhook' | 'name';

export const CONTACT_NAME_MAX = 40;
const WEBHOOK_MAX = 500;

/** Mainland mobile numbers: 11 digits from 1 (a +86 in front is allowed and dropped). */
export function mobileNumber(text: string): string | null {
  const digits = text.replace(/[\s-]/g, '').replace(/^\+?86(?=1\d{10}$)/, '');
  return /^1\d{10}$/.test(digits) ? digits : null;
}

export function contactProblem(c: { name: string; channel: string; address: string }): ContactProblem | null {
  const name = c.name.trim();
  if (name === '' || [...name].length > CONTACT_NAME_MAX) return 'name';
  if (c.channel === 'sms') return mobileNumber(c.address) === null ? 'phone' : null;
  if (c.channel !== 'wecom' && c.channel !== 'dingtalk') return 'channel';
  if (c.address.length > WEBHOOK_MAX) return 'webhook';
  try {
    const url = new URL(c.address);
    // http too: a county's intranet may relay the robots through its own gateway.
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '' && url.username === '' && url.password === '' ? null : 'webhook';
  } catch {
    return 'webhook';
  }
}

/** The address as staff pages show it: a robot's with every query value but the last four characters hidden. */
export function shownAddress(channel: string, address: string): string {
  if (channel === 'sms') return address;
  try {
    const url = new URL(address);
    const hidden = [...url.searchParams.entries()].map(([k, v]) => `${k}=…${v.slice(-4)}`).join('&');
    return `${url.origin}${url.pathname}${hidden === '' ? '' : `?${hidden}`}`;
  } catch {
    return '…';
  }
}
