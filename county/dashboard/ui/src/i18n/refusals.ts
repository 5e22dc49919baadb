// What the dashboard says for each refusal the hub gives its staff, from its code and values (zh-CN first, en):
// the one place the dashboard words them. Typed by protocol/refusals/hub-refusals.pure.ts, so a listed code
// without a text here does not compile. A code the dashboard does not know (a hub of another release) gets a
// plain text naming the code; a refusal the hub still words itself (its `message`) is shown in those words.
import type { RefusalCatalogue, RefusalParams } from '../../../../../protocol/refusals/refusal.pure.ts';
import type { HubRefusals, PasswordRule } from '../../../../../protocol/refusals/hub-refusals.pure.ts';
import { locale, type Locale } from './i18n.ts';
import { requestProblemsText } from './request-problems.ts';
import { countyExportCatalogue } from '../../../../../protocol/refusals/county-export-texts.pure.ts';
import { documentCatalogue } from '../../../../../protocol/refusals/document-texts.pure.ts';

const WAIT = {
  zh: (s: number) => (s <= 60 ? `${s} 秒` : `${Math.ceil(s / 60)} 分钟`),
  en: (s: number) => (s <= 60 ? `${s} s` : `${Math.ceil(s / 60)} min`),
};

/** Why a password is refused, in each language (county/auth/password-rules.ts decides). */
export const PASSWORD_RULES: Record<Locale, (rule: PasswordRule, minLength: number) => string> = {
  'zh-CN': (rule, minLength) =>
    ({
      too_short: `密码至少 ${minLength} 位`,
      digits_only: '密码不能全是数字，请加入字母或符号',
      repeated: '密码不能全是同一个字符',
      common: '这个密码太常见，容易被猜中，请换一个',
      like_name: '密码不能是用户名或用户名加几个字符',
    })[rule],
  en: (rule, minLength) =>
    ({
      too_short: `the password needs at least ${minLength} characters`,
      digits_only: 'the password cannot be digits only; add letters or signs',
      repeated: 'the password cannot repeat one character',
      common: 'this password is among the most common ones; choose another',
      like_name: 'the password cannot be the user name, or it with a few characters added',
    })[rule],
};

const zh: RefusalCatalogue<HubRefusals> = {
  not_found: ({ url }) => `没有这个地址：${url}`,
  internal: () => '县级平台内部错误，已记录',
  too_large: () => '请求内容太大',
  bad_request: ({ detail }) => `请求无法处理：${detail}`,
  invalid_request: ({ problems }) => requestProblemsText(problems, 'zh-CN'),
  wrong_credentials: ({ what }) => (what === 'login' ? '用户名或密码不对' : '当前密码不对'),
  not_logged_in: () => '请先登录',
  too_many_attempts: ({ waitSeconds }) => `登录尝试过多，请 ${WAIT.zh(waitSeconds)}后再试`,
  busy: () => '同时登录的人太多，请稍后再试',
  forbidden: () => '需要县级管理员权限',
  password_change_required: () => '请先修改密码：您的密码由管理员设置，或不符合现行密码规则，改成只有您知道、符合规则的密码后才能继续使用',
  invalid_username: () => '用户名应为 2–40 个字母、数字或 _ . @ -',
  weak_password: ({ rule, minLength }) => PASSWORD_RULES['zh-CN'](rule, minLength),
  same_password: () => '新密码不能与当前密码相同',
  user_exists: ({ username }) => `用户 ${username} 已存在`,
  user_not_found: ({ userId }) => `没有用户 ${userId}`,
  last_admin: () => '这是最后一位县级管理员，不能降级或停用',
  cross_origin: ({ from }) => `拒绝来自其他网站的请求（${from}）：县级平台的修改只接受平台自己的页面。请直接打开平台地址操作`,
  origin_required: () => '请求缺少来源（Origin/Referer），为防跨站伪造已拒绝；请在平台自己的页面中操作，脚本请用 Authorization: Bearer 令牌',
  json_required: ({ type }) => `请求内容须为 JSON（Content-Type: application/json），收到的是 ${type || '未标明的类型'}`,
  station_not_found: ({ stationId }) => `没有站点 ${stationId}`,
  station_not_enrolled: () => '该站点尚未加入平台（或已停用），无法签发 PIN 重置码',
  remote_help_not_enrolled: () => '该站点尚未加入平台（或已停用），无法远程协助',
  too_many_codes: () => '本小时为该站点签发的重置码已达上限，请下一小时再试',
  invalid_name: () => '站点名称不能为空',
  course_unplayable: () => '课件须给出直播/点播地址或文件的 sha256',
  invalid_window: () => '集中收看的签到时段不能为空',
  invalid_notice: () => '通知内容不能为空',
  notice_not_found: ({ noticeId }) => `没有通知 ${noticeId}`,
  station_key_clash: ({ key }) => `改到这个单位后，有站点会收到两条编号同为 ${key} 的节目或通知；请选择其他单位`,
  invalid_target: () => '请只选一种发送范围：按站点类别，或按站点名单',
  program_not_found: ({ programId }) => `没有县级节目 ${programId}`,
  invalid_unit: ({ problem }) =>
    ({
      id: '单位编号只能用小写字母、数字和连字符（1–40 个），如行政区划代码 650502',
      name: '单位名称不能为空，最多 60 个字',
      level: '下级单位的级别必须低于上级（省 › 市 › 县 › 乡镇）',
      coordinates: '坐标不对：纬度在 −90 到 90 之间，经度在 −180 到 180 之间',
    })[problem],
  unit_not_found: ({ unitId }) => `没有单位 ${unitId}`,
  unit_exists: ({ unitId }) => `单位编号 ${unitId} 已经有了`,
  unit_not_empty: ({ unitId }) => `单位 ${unitId} 下面还有站点或下级单位，先移走再撤销`,
  invalid_contact: ({ problem }) =>
    ({
      channel: '通知方式只能是短信、企业微信群机器人或钉钉群机器人',
      phone: '手机号应为 11 位数字，以 1 开头',
      webhook: '群机器人地址应以 https:// 开头（从群设置里的机器人页面复制）',
      name: '联系人名称不能为空，最多 40 个字',
      place: '联系人只能属于一个站点或一个单位',
    })[problem],
  contact_not_found: () => '没有这个联系人（可能已被删除）',
  alert_case_not_found: () => '没有这条告警（可能已处理完毕）',
  invalid_alert_rule: ({ kind, problem }) => (problem === 'kind' ? `没有 ${kind} 这种告警` : '分钟数应为 0 到 44,640（31 天）之间的整数'),
  invalid_sms_account: ({ problem, field }) => (problem === 'provider' ? '短信服务商只能是阿里云（aliyun）或腾讯云（tencent）' : `短信账号缺少 ${field ?? ''}`),
  not_an_instructor: ({ username }) => `${username} 不是可在此站点任命的党建指导员`,
  guidance_record_not_found: () => '没有这条指导记录',
  guidance_superseded: () => '这条指导记录已被更正过，请更正最新的那条',
  invalid_guidance: ({ problem }) => (problem === 'date' ? '指导日期应为 年-月-日' : '指导日期不能晚于今天'),
  code_not_found: () => '未找到该重置码',
  code_withdrawn: () => '该重置码已撤回',
  code_expired: () => '该重置码已过期，无需撤回',
  ...countyExportCatalogue((text) => text.zh),
  ...documentCatalogue((text) => text.zh),
};

const en: RefusalCatalogue<HubRefusals> = {
  not_found: ({ url }) => `no such address: ${url}`,
  internal: () => 'internal error of the county hub, logged',
  too_large: () => 'the request is too large',
  bad_request: ({ detail }) => `the request could not be handled: ${detail}`,
  invalid_request: ({ problems }) => requestProblemsText(problems, 'en'),
  wrong_credentials: ({ what }) => (what === 'login' ? 'wrong user name or password' : 'the current password is wrong'),
  not_logged_in: () => 'please log in',
  too_many_attempts: ({ waitSeconds }) => `too many login attempts; try again in ${WAIT.en(waitSeconds)}`,
  busy: () => 'too many logins at once; try again in a moment',
  forbidden: () => 'this needs a county administrator',
  password_change_required: () =>
    'change your password first: it was set by an administrator or breaks the current rules, and only a password of your own that keeps them lets you continue',
  invalid_username: () => 'the user name takes 2-40 letters, digits or _ . @ -',
  weak_password: ({ rule, minLength }) => PASSWORD_RULES.en(rule, minLength),
  same_password: () => 'the new password must differ from the current one',
  user_exists: ({ username }) => `user ${username} exists`,
  user_not_found: ({ userId }) => `no user ${userId}`,
  last_admin: () => 'the last county administrator cannot be demoted or disabled',
  cross_origin: ({ from }) => `refused: a request from another site (${from}); changes are accepted only from the hub's own pages — open the hub's address and try there`,
  origin_required: () => "refused: no Origin or Referer on a cookie-authenticated change (cross-site forgery guard); use the hub's own pages, or a bearer token from a script",
  json_required: ({ type }) => `the body must be JSON (Content-Type: application/json), not ${type || 'untyped'}`,
  station_not_found: ({ stationId }) => `no station ${stationId}`,
  station_not_enrolled: () => 'the station is not enrolled (or retired): no reset code',
  remote_help_not_enrolled: () => 'the station is not enrolled (or retired): no remote help',
  too_many_codes: () => 'too many codes for this station this hour; try again next hour',
  invalid_name: () => 'the station needs a name',
  course_unplayable: () => 'the course needs a stream URL or a file sha256',
  invalid_window: () => 'a group viewing needs a check-in window',
  invalid_notice: () => 'the notice needs text',
  notice_not_found: ({ noticeId }) => `no notice ${noticeId}`,
  station_key_clash: ({ key }) => `in that unit, some stations would receive two programs or notices keyed ${key}; choose another unit`,
  invalid_target: () => 'choose one kind of target: by site grade, or a list of stations',
  program_not_found: ({ programId }) => `no county program ${programId}`,
  invalid_unit: ({ problem }) =>
    ({
      id: 'A unit id is 1–40 lower-case letters, digits or hyphens, e.g. the division code 650502',
      name: 'A unit name is 1–60 characters',
      level: 'A unit must be of a lower level than its parent (province › city › county › township)',
      coordinates: 'Coordinates out of range: latitude −90…90, longitude −180…180',
    })[problem],
  unit_not_found: ({ unitId }) => `No unit ${unitId}`,
  unit_exists: ({ unitId }) => `Unit ${unitId} already exists`,
  unit_not_empty: ({ unitId }) => `Unit ${unitId} still holds stations or units: move them first`,
  invalid_contact: ({ problem }) =>
    ({
      channel: 'A contact is reached by SMS, a WeChat Work group robot or a DingTalk group robot',
      phone: 'A mobile number is 11 digits starting with 1',
      webhook: "A robot's address starts with https:// (copy it from the robot's page in the group settings)",
      name: 'A contact name is 1–40 characters',
      place: 'A contact belongs to one station or one unit',
    })[problem],
  contact_not_found: () => 'No such contact (it may have been removed)',
  alert_case_not_found: () => 'No such alert (it may have cleared)',
  invalid_alert_rule: ({ kind, problem }) => (problem === 'kind' ? `No alert kind ${kind}` : 'Minutes are a whole number from 0 to 44,640 (31 days)'),
  invalid_sms_account: ({ problem, field }) => (problem === 'provider' ? 'The SMS provider is aliyun or tencent' : `The SMS account lacks ${field ?? ''}`),
  not_an_instructor: ({ username }) => `${username} is not an instructor who may be assigned to this station`,
  guidance_record_not_found: () => 'No such guidance record',
  guidance_superseded: () => 'This guidance record was already corrected: correct the newest one',
  invalid_guidance: ({ problem }) => (problem === 'date' ? 'The day of the guidance is YYYY-MM-DD' : 'The day of the guidance cannot be after today'),
  code_not_found: () => 'no such reset code for this station',
  code_withdrawn: () => 'this code was already withdrawn',
  code_expired: () => 'this code has expired; there is nothing to withdraw',
  ...countyExportCatalogue((text) => text.en),
  ...documentCatalogue((text) => text.en),
};

const CATALOGUES: Record<Locale, RefusalCatalogue<HubRefusals>> = { 'zh-CN': zh, en };

const UNKNOWN: Record<Locale, (code: string) => string> = {
  'zh-CN': (code) => `县级平台拒绝了此操作（${code}）`,
  en: (code) => `the county hub refused this (${code})`,
};

/** A refusal as the hub sent it: its code and values (the staff API sends no words: docs/guides/add-refusal.md). */
export interface HubRefusal {
  code: string;
  params: RefusalParams;
}

/** The refusal in the chosen language: the catalogue's text, or — a hub of another release — a text naming the code. */
export function refusalText(refusal: HubRefusal, language: Locale = locale.get()): string {
  // Looked up by a code from the wire: any string, checked to be one of ours before its text is called.
  const catalogue = CATALOGUES[language] as unknown as Record<string, (params: RefusalParams) => string>;
  if (!Object.hasOwn(catalogue, refusal.code)) return UNKNOWN[language](refusal.code);
  try {
    return catalogue[refusal.code]!(refusal.params);
  } catch {
    // Values of another shape than this dashboard expects (a hub of another release): never a blank page.
    return UNKNOWN[language](refusal.code);
  }
}
