// The message catalog (zh-CN first, en), the chosen language (remembered in localStorage), and the
// language of the hub's own messages, which come as "中文 / English".
import { observable, useObservable } from '../observable.ts';
import * as common from './messages/common.ts';
import * as login from './messages/login.ts';
import * as overview from './messages/overview.ts';
import * as station from './messages/station.ts';
import * as alerts from './messages/alerts.ts';
import * as downlink from './messages/downlink.ts';
import * as admin from './messages/admin.ts';
import * as pinReset from './messages/pin-reset.ts';
import * as makeUp from './messages/make-up.ts';
import * as activities from './messages/activities.ts';
import * as units from './messages/units.ts';
import * as org from './messages/org.ts';
import * as alerting from './messages/alerting.ts';
import * as instructors from './messages/instructors.ts';
import * as live from './messages/live.ts';
import * as proof from './messages/proof.ts';
import * as remoteHelp from './messages/remote-help.ts';

export type Locale = 'zh-CN' | 'en';

const zh = { ...common.zh, ...login.zh, ...overview.zh, ...station.zh, ...alerts.zh, ...downlink.zh, ...admin.zh, ...pinReset.zh, ...makeUp.zh, ...activities.zh, ...units.zh, ...org.zh, ...alerting.zh, ...instructors.zh, ...live.zh, ...proof.zh, ...remoteHelp.zh };
const en: Record<keyof typeof zh, string> = { ...common.en, ...login.en, ...overview.en, ...station.en, ...alerts.en, ...downlink.en, ...admin.en, ...pinReset.en, ...makeUp.en, ...activities.en, ...units.en, ...org.en, ...alerting.en, ...instructors.en, ...live.en, ...proof.en, ...remoteHelp.en };
export type MessageKey = keyof typeof zh;

const STORAGE_KEY = 'yuanjiao.county.locale';

function storedLocale(): Locale {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

export const locale = observable<Locale>(storedLocale());
document.documentElement.lang = locale.get();

export function setLocale(next: Locale): void {
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // A browser that refuses storage still switches for this visit.
  }
  document.documentElement.lang = next;
  locale.set(next);
}

/** Re-renders the caller when the language changes. */
export function useLocale(): Locale {
  return useObservable(locale);
}

/** A message with {placeholders} filled in. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const template = (locale.get() === 'en' ? en[key] : zh[key]) ?? key;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => (name in params ? String(params[name]) : `{${name}}`));
}

/** Text in brackets, as the language writes them: "（3 天前）" or " (3 days ago)". */
export function paren(text: string | number): string {
  return t('punct.paren', { text });
}

