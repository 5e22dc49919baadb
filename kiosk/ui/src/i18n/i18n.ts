// The message catalog (zh-CN first, en) and formatting of dates and times in the station's time zone.
import * as common from './messages/common.ts';
import * as pin from './messages/common-pin.ts';
import * as board from './messages/board.ts';
import * as checkin from './messages/checkin.ts';
import * as player from './messages/player.ts';
import * as admin from './messages/admin.ts';
import * as adminSchedule from './messages/admin-schedule.ts';
import * as adminLibrary from './messages/admin-library.ts';
import * as adminRoster from './messages/admin-roster.ts';
import * as adminRecords from './messages/admin-records.ts';
import * as adminDevice from './messages/admin-device.ts';
import * as adminSettings from './messages/admin-settings.ts';
import * as library from './messages/library.ts';
import * as health from './messages/health.ts';
import * as uplink from './messages/uplink.ts';
import * as records from './messages/records.ts';
import * as adminPinReset from './messages/admin-pin-reset.ts';
import * as adminAccounts from './messages/admin-accounts.ts';
import * as satisfaction from './messages/satisfaction.ts';
import * as makeUp from './messages/make-up.ts';
import * as adminActivities from './messages/admin-activities.ts';
import * as weekly from './messages/weekly.ts';
import * as proof from './messages/proof.ts';

export type Locale = 'zh-CN' | 'en';

/** Every message file, each with its zh-CN and en halves (test/kiosk/i18n-catalog.test.ts checks they match). */
export const MESSAGE_FILES = { common, pin, board, checkin, player, admin, adminSchedule, adminLibrary, adminRoster, adminRecords, adminDevice, adminSettings, library, health, uplink, records, adminPinReset, adminAccounts, satisfaction, makeUp, adminActivities, weekly, proof };

const zh = {
  ...common.zh, ...pin.zh, ...board.zh, ...checkin.zh, ...player.zh,
  ...admin.zh, ...adminSchedule.zh, ...adminLibrary.zh, ...adminRoster.zh, ...adminRecords.zh, ...adminDevice.zh, ...adminSettings.zh,
  ...library.zh, ...health.zh, ...uplink.zh, ...records.zh, ...adminPinReset.zh, ...adminAccounts.zh, ...satisfaction.zh,
  ...makeUp.zh, ...adminActivities.zh, ...weekly.zh, ...proof.zh,
};
const en = {
  ...common.en, ...pin.en, ...board.en, ...checkin.en, ...player.en,
  ...admin.en, ...adminSchedule.en, ...adminLibrary.en, ...adminRoster.en, ...adminRecords.en, ...adminDevice.en, ...adminSettings.en,
  ...library.en, ...health.en, ...uplink.en, ...records.en, ...adminPinReset.en, ...adminAccounts.en, ...satisfaction.en,
  ...makeUp.en, ...adminActivities.en, ...weekly.en, ...proof.en,
};
export type MessageKey = keyof typeof zh;

const catalogs: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zh, en };

let locale: Locale = 'zh-CN';
let timeZone = 'Asia/Shanghai';

export function setLocale(next: Locale): void {
  locale = next;
  document.documentElement.lang = next;
}

export function currentLocale(): Locale {
  return locale;
}

export function setTimeZone(zone: string): void {
  timeZone = zone;
}

export function stationTimeZone(): string {
  return timeZone;
}

/** A message with {placeholders} filled in. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const template = catalogs[locale][key] ?? zh[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => (name in params ? String(params[name]) : `{${name}}`));
}

function format(at: number, options: Intl.DateTimeFormatOptions): string {
  return new Intl.DateTimeFormat(locale, { timeZone, ...options }).format(at);
}

export const fmt = {
  time: (at: number) => format(at, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
  date: (at: number) => format(at, { month: 'long', day: 'numeric', weekday: 'long' }),
  shortDate: (at: number) => format(at, { month: 'numeric', day: 'numeric', weekday: 'short' }),
  fullDate: (at: number) => format(at, { year: 'numeric', month: 'long', day: 'numeric' }),
  dateTime: (at: number) => format(at, { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
  rate: (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`),
};
