// What the CLI prints for each refusal the county hub gives (yuanjiao county …), from its code and values:
// Chinese, then English. Typed by protocol/refusals/hub-refusals.pure.ts, so a listed code without a text here
// does not compile. The hub's CLI-only refusals (TLS files, backups) still carry their own words.
import type { RefusalCatalogue, RefusalParams } from '../protocol/refusals/refusal.pure.ts';
import type { HubRefusals, PasswordRule } from '../protocol/refusals/hub-refusals.pure.ts';
import { hubRequestProblemsText } from './hub-request-problems.ts';
import { oneLine } from '../protocol/refusals/bilingual.pure.ts';
import { countyExportCatalogue } from '../protocol/refusals/county-export-texts.pure.ts';
import { documentCatalogue } from '../protocol/refusals/document-texts.pure.ts';

const waitZh = (s: number) => (s <= 60 ? `${s} 秒` : `${Math.ceil(s / 60)} 分钟`);
const waitEn = (s: number) => (s <= 60 ? `${s} s` : `${Math.ceil(s / 60)} min`);

const PASSWORD_RULES: Record<PasswordRule, (minLength: number) => string> = {
  too_short: (n) => `密码至少 ${n} 位 / the password needs at least ${n} characters`,
  digits_only: () => '密码不能全是数字，请加入字母或符号 / the password cannot be digits only; add letters or signs',
  repeated: () => '密码不能全是同一个字符 / the password cannot repeat one character',
  common: () => '这个密码太常见，容易被猜中，请换一个 / this password is among the most common ones; choose another',
  like_name: () => '密码不能是用户名或用户名加几个字符 / the password cannot be the user name, or it with a few characters added',
};

const TEXTS: RefusalCatalogue<HubRefusals> = {
  not_found: ({ url }) => `没有这个地址：${url} / no such address`,
  internal: () => '县级平台内部错误，已记录 / internal error, logged',
  too_large: () => '请求内容太大 / the request is too large',
  bad_request: ({ detail }) => `请求无法处理 / the request could not be handled: ${detail}`,
  invalid_request: ({ problems }) => hubRequestProblemsText(problems),
  wrong_credentials: ({ what }) => (what === 'login' ? '用户名或密码不对 / wrong user name or password' : '当前密码不对 / the current password is wrong'),
  not_logged_in: () => '请先登录 / please log in',
  too_many_attempts: ({ waitSeconds }) => `登录尝试过多，请 ${waitZh(waitSeconds)}后再试 / too many login attempts; try again in ${waitEn(waitSeconds)}`,
  busy: () => '同时登录的人太多，请稍后再试 / too many logins at once; try again in a moment',
  forbidden: () => '需要县级管理员权限 / this needs a county administrator',
  password_change_required: () =>
    '请先修改密码：您的密码由管理员设置，或不符合现行密码规则，改成只有您知道、符合规则的密码后才能继续使用 / change your password first: it was set by an administrator or breaks the current rules',
  invalid_username: () => '用户名应为 2–40 个字母、数字或 _ . @ - / the user name takes 2-40 letters, digits or _ . @ -',
  weak_password: ({ rule, minLength }) => PASSWORD_RULES[rule](minLength),
  same_password: () => '新密码不能与当前密码相同 / the new password must differ from the current one',
  user_exists: ({ username }) => `用户 ${username} 已存在 / user ${username} exists`,
  user_not_found: ({ userId }) => `没有用户 ${userId} / no user ${userId}`,
  last_admin: () => '这是最后一位县级管理员，不能降级或停用 / the last county administrator cannot be demoted or disabled',
  cross_origin: ({ from }) => `拒绝来自其他网站的请求（${from}）/ refused: a request from another site (${from})`,
  origin_required: () => '请求缺少来源（Origin/Referer），已拒绝 / refused: no Origin or Referer on a cookie-authenticated change',
  json_required: ({ type }) => `请求内容须为 JSON，收到的是 ${type || '未标明的类型'} / the body must be JSON, not ${type || 'untyped'}`,
  station_not_found: ({ stationId }) => `没有站点 ${stationId} / no station ${stationId}`,
  station_not_enrolled: () => '该站点尚未加入平台（或已停用），无法签发 PIN 重置码 / the station is not enrolled (or retired): no reset code',
  remote_help_not_enrolled: () => '该站点尚未加入平台（或已停用），无法远程协助 / the station is not enrolled (or retired): no remote help',
  too_many_codes: () => '本小时为该站点签发的重置码已达上限，请下一小时再试 / too many codes for this station this hour; try again next hour',
  invalid_name: () => '站点名称不能为空 / the station needs a name',
  course_unplayable: () => '课件须给出直播/点播地址或文件的 sha256 / the course needs a stream URL or a file sha256',
  invalid_window: () => '集中收看的签到时段不能为空 / a group viewing needs a check-in window',
  invalid_notice: () => '通知内容不能为空 / the notice needs text',
  notice_not_found: ({ noticeId }) => `没有通知 ${noticeId} / no notice ${noticeId}`,
  station_key_clash: ({ key }) => `改到这个单位后，有站点会收到两条编号同为 ${key} 的节目或通知 / in that unit, some stations would receive two programs or notices keyed ${key}`,
  invalid_target: () => '请只选一种发送范围：按站点类别，或按站点名单 / choose one kind of target: by site grade, or a list of stations',
  program_not_found: ({ programId }) => `没有县级节目 ${programId} / no county program ${programId}`,
  invalid_unit: ({ problem }) =>
    ({
      id: '单位编号只能用小写字母、数字和连字符（1–40 个），如行政区划代码 650502 / a unit id is 1–40 lower-case letters, digits or hyphens, e.g. the division code 650502',
      name: '单位名称不能为空，最多 60 个字 / a unit name is 1–60 characters',
      level: '下级单位的级别必须低于上级（省 › 市 › 县 › 乡镇） / a unit must be of a lower level than its parent (province › city › county › township)',
      coordinates: '坐标不对：纬度在 −90 到 90 之间，经度在 −180 到 180 之间 / coordinates out of range: latitude −90…90, longitude −180…180',
    })[problem],
  unit_not_found: ({ unitId }) => `没有单位 ${unitId} / no unit ${unitId}`,
  unit_exists: ({ unitId }) => `单位编号 ${unitId} 已经有了 / unit ${unitId} already exists`,
  unit_not_empty: ({ unitId }) => `单位 ${unitId} 下面还有站点或下级单位，先移走再撤销 / unit ${unitId} still holds stations or units: move them first`,
  invalid_contact: ({ problem }) =>
    ({
      channel: '通知方式只能是 sms、wecom 或 dingtalk / the channel is sms, wecom or dingtalk',
      phone: '手机号应为 11 位数字，以 1 开头 / a mobile number is 11 digits starting with 1',
      webhook: '群机器人地址应以 https:// 开头 / a robot address starts with https://',
      name: '联系人名称不能为空，最多 40 个字 / a contact name is 1–40 characters',
      place: '联系人只能属于一个站点或一个单位 / a contact belongs to one station or one unit',
    })[problem],
  contact_not_found: ({ contactId }) => `没有联系人 ${contactId} / no contact ${contactId}`,
  alert_case_not_found: ({ caseId }) => `没有告警 ${caseId} / no alert case ${caseId}`,
  invalid_alert_rule: ({ kind, problem }) =>
    problem === 'kind' ? `没有 ${kind} 这种告警 / no alert kind ${kind}` : '分钟数应为 0 到 44,640 之间的整数 / minutes are a whole number from 0 to 44,640',
  invalid_sms_account: ({ problem, field }) =>
    problem === 'provider' ? '短信服务商只能是 aliyun 或 tencent / the SMS provider is aliyun or tencent' : `短信账号缺少 ${field ?? ''} / the SMS account lacks ${field ?? ''}`,
  not_an_instructor: ({ username }) => `${username} 不是可在此站点任命的党建指导员 / ${username} is not an instructor who may be assigned to this station`,
  guidance_record_not_found: ({ recordId }) => `没有指导记录 ${recordId} / no guidance record ${recordId}`,
  guidance_superseded: ({ recordId }) => `指导记录 ${recordId} 已被更正过 / guidance record ${recordId} was already corrected`,
  invalid_guidance: ({ problem }) => (problem === 'date' ? '指导日期应为 YYYY-MM-DD / the day is YYYY-MM-DD' : '指导日期不能晚于今天 / the day cannot be after today'),
  code_not_found: () => '未找到该重置码 / no such reset code for this station',
  code_withdrawn: () => '该重置码已撤回 / this code was already withdrawn',
  code_expired: () => '该重置码已过期，无需撤回 / this code has expired; there is nothing to withdraw',
  ...countyExportCatalogue(oneLine),
  ...documentCatalogue(oneLine),
};

/** A hub refusal as the CLI prints it: its words if it still has its own, else this catalogue's, else its code. */
export function hubRefusalText(refusal: { code: string; params: RefusalParams; words?: string }): string {
  if (refusal.words !== undefined) return refusal.words;
  const texts = TEXTS as unknown as Record<string, (params: RefusalParams) => string>;
  if (!Object.hasOwn(texts, refusal.code)) return `操作被拒绝 / refused: ${refusal.code} ${JSON.stringify(refusal.params)}`;
  return texts[refusal.code]!(refusal.params);
}

/** What the CLI says when `county start --db` cannot use the database it was given (county/store/postgres/open.ts). */
const DATABASE_TEXTS: Record<'database_url_invalid' | 'database_unreachable' | 'database_collation', (p: { target: string; reason: string }) => string> = {
  database_url_invalid: ({ target }) =>
    `数据库地址不对：${target}，应为 postgres://用户@主机[:端口]/数据库 / not a database address: ${target}; expected postgres://USER@HOST[:PORT]/DATABASE`,
  database_unreachable: ({ target, reason }) =>
    `连不上数据库 ${target}（${reason}）：请检查地址、用户名、密码，以及数据库服务是否在运行；未做任何改动 / cannot reach the database ${target} (${reason}): check the address, user and password, and that the server runs; nothing was changed`,
  database_collation: ({ target, reason }) =>
    `数据库 ${target} 的文字排序规则是 ${reason}，县级平台需要 C：请新建数据库 CREATE DATABASE 名称 TEMPLATE template0 LC_COLLATE 'C' LC_CTYPE 'C'；未做任何改动 / the database ${target} orders text by ${reason}; the hub needs C: create it with CREATE DATABASE name TEMPLATE template0 LC_COLLATE 'C' LC_CTYPE 'C'; nothing was changed`,
};

export function hubDatabaseRefusalText(refusal: { code: string; params: { target: string; reason: string } }): string {
  const text = DATABASE_TEXTS[refusal.code as keyof typeof DATABASE_TEXTS];
  return text === undefined ? `数据库无法使用 / the database cannot be used: ${refusal.code}` : text(refusal.params);
}
