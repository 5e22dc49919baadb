// What the screen says for each refusal the agent gives, from its code and values (zh-CN first, en): the one
// place the kiosk words them. Typed by protocol/refusals/station-refusals.pure.ts, so a listed code without a
// text here does not compile. A code this screen does not know (an older or newer agent) gets a plain text
// naming the code.
import type { RefusalCatalogue, RefusalParams } from '../../../../protocol/refusals/refusal.pure.ts';
import type { StationRefusals } from '../../../../protocol/refusals/station-refusals.pure.ts';
import { currentLocale, type Locale } from './i18n.ts';
import { requestProblemsText, ruleProblemsText } from './request-problems.ts';
import { flowProblemTexts } from '../../../../protocol/refusals/flow-problem-texts.pure.ts';
import { rosterFileCatalogue, rosterFullAfterImport } from '../../../../protocol/refusals/roster-file-texts.pure.ts';
import { stationExportCatalogue } from '../../../../protocol/refusals/station-export-texts.pure.ts';
import { documentCatalogue } from '../../../../protocol/refusals/document-texts.pure.ts';

const WAIT = {
  zh: (s: number) => (s <= 60 ? `${s} 秒` : `${Math.ceil(s / 60)} 分钟`),
  en: (s: number) => (s <= 60 ? `${s} s` : `${Math.ceil(s / 60)} min`),
};
const PIN_RULES = {
  zh: { digits: 'PIN 须为 6–8 位数字', default: '不能使用默认 PIN', repeated: 'PIN 不能全是同一个数字', run: 'PIN 不能是连续数字' },
  en: { digits: 'the PIN must be 6–8 digits', default: 'the default PIN cannot be kept', repeated: 'the PIN cannot repeat one digit', run: 'the PIN cannot be a run of digits' },
};
const ROLES: Record<'zh' | 'en', Record<string, string>> = {
  zh: { administrator: '管理员', operator: '操作员', tutor: '辅导员' },
  en: { administrator: 'an administrator', operator: 'an operator', tutor: 'a tutor' },
};
const PERMISSIONS: Record<'zh' | 'en', Record<string, string>> = {
  zh: { accounts: '管理账户', settings: '修改站点设置', roster: '管理党员名册', schedule: '安排节目', library: '管理课件', play: '播放或停止节目', viewing: '开始集中收看', checkin: '更正签到', records: '查看记录', device: '管理设备' },
  en: { accounts: 'manage accounts', settings: 'change the station settings', roster: 'manage the roster', schedule: 'change the schedule', library: 'manage the courseware library', play: 'play or stop a showing', viewing: 'start a group viewing', checkin: 'correct check-ins', records: 'view the records', device: 'manage the device' },
};

const ROOM_USE_FIELDS = {
  zh: { date: '日期', time: '时间', order: '结束时间', purpose: '用途', organiser: '组织者', headcount: '人数', reason: '撤销原因' },
  en: { date: 'date', time: 'time', order: 'end time (before the start)', purpose: 'purpose', organiser: 'organiser', headcount: 'headcount', reason: 'reason' },
};

const zh: RefusalCatalogue<StationRefusals> = {
  ...rosterFileCatalogue((text) => text.zh),
  ...stationExportCatalogue((text) => text.zh),
  ...documentCatalogue((text) => text.zh),
  not_found: ({ url }) => `没有这个地址：${url}`,
  loopback_only: () => '仅限本机访问',
  foreign_origin: () => '仅限本机屏幕访问：请用 http://127.0.0.1 打开',
  internal: () => '终端内部错误，已记录',
  disk_full: () => '终端存储空间已满，本次操作未保存，请联系管理员清理磁盘后重试',
  too_large: () => '上传的文件太大',
  bad_request: ({ detail }) => `请求无法处理：${detail}`,
  invalid_request: ({ problems }) => requestProblemsText(problems, 'zh'),
  session_not_found: ({ sessionId }) => `收看场次 ${sessionId} 不存在`,
  not_group_viewing: ({ title }) => `“${title}”不是集中收看`,
  window_not_open: ({ opensAt }) => `签到尚未开始，${opensAt} 开放`,
  window_closed: ({ title }) => `“${title}”签到已结束`,
  member_not_found: ({ memberId }) => `名册中没有编号 ${memberId}`,
  card_unknown: ({ cardUid }) => `卡号 ${cardUid} 未登记，请联系管理员`,
  member_inactive: ({ name }) => `${name} 不在本站点名册中（已转出或未到起始日期）`,
  guest_name_required: () => '请填写来宾姓名',
  attendance_not_found: ({ attendanceId }) => `签到记录 ${attendanceId} 不存在或已撤销`,
  not_startable: () => '只有“立即播放”开启、仍在签到的集中收看可以立即开始',
  program_not_found: ({ programId }) => `节目 ${programId} 不存在或已删除`,
  invalid_rule: ({ problems }) => ruleProblemsText(problems, 'zh'),
  unknown_course: ({ courseId }) => `课件 ${courseId} 不存在`,
  invalid_window: ({ rule, maxBefore, maxAfter }) =>
    rule === 'empty' ? '集中收看的签到时段不能为空' : `签到时段应为整数分钟：开播前 0–${maxBefore}，开播后 0–${maxAfter}`,
  notice_not_found: () => '没有这条通知',
  equipment_not_found: ({ equipmentId }) => `没有编号为 ${equipmentId} 的设备`,
  wrong_pin: ({ triesLeft, waitSeconds }) => (waitSeconds > 0 ? `PIN 错误，请 ${WAIT.zh(waitSeconds)}后再试` : `PIN 错误，还可立即重试 ${triesLeft} 次`),
  too_many_attempts: ({ what, waitSeconds }) => `${what === 'pin' ? 'PIN ' : '重置码'}错误次数过多，请 ${WAIT.zh(waitSeconds)}后再试`,
  not_logged_in: () => '请先输入管理 PIN',
  pin_change_required: () => '请先修改默认 PIN',
  bad_new_pin: ({ rule }) => PIN_RULES.zh[rule],
  weak_pin: ({ rule }) => PIN_RULES.zh[rule],
  no_account: ({ name }) => (name === '' ? '没有这个账户或已停用' : `没有名为“${name}”的账户`),
  not_permitted: ({ role, permission }) => `${ROLES.zh[role] ?? role}账户无权${PERMISSIONS.zh[permission] ?? permission}`,
  not_enrolled: () => '本站尚未加入县级平台，无法使用重置码；请在终端上运行 yuanjiao admin reset-pin',
  malformed_code: ({ digits }) => `重置码为 ${digits} 位数字`,
  wrong_code: ({ waitSeconds }) => (waitSeconds > 0 ? `重置码不正确，请 ${WAIT.zh(waitSeconds)}后再试` : '重置码不正确，请核对后重新输入'),
  code_expired: () => '重置码已过期，请向县级平台重新申请',
  code_used: () => '此重置码已用过，请向县级平台重新申请',
  code_withdrawn: () => '此重置码已被县级平台撤回，请向县级平台重新申请',
  course_not_found: ({ courseId }) => `课件 ${courseId} 不存在或不可播放`,
  no_local_copy: ({ title }) => `课件“${title}”没有本地文件`,
  course_converting: ({ title }) => `“${title}”：课件正在转换格式，暂不能播放`,
  course_quarantined: ({ title }) => `“${title}”：课件未通过校验，已隔离`,
  course_missing: ({ title }) => `“${title}”：课件文件缺失`,
  course_removed: ({ title }) => `“${title}”：课件已删除`,
  media_missing: ({ title, path }) => `课件“${title}”的文件不存在：${path}`,
  volume_not_found: () => 'U 盘已拔出或不存在，请重新插入',
  volume_busy: ({ label }) => `U 盘“${label}”正在导入中，请等它完成`,
  volume_read_only: ({ label }) => `U 盘“${label}”是只读的`,
  volume_full: ({ label }) => `U 盘“${label}”空间不足`,
  job_not_found: ({ jobId }) => `导入任务 ${jobId} 不存在（站点服务重启后任务列表会清空）`,
  no_files: () => '请至少选择一个文件',
  bad_url: ({ url, reason }) => (reason === 'scheme' ? `只支持 http:// 或 https:// 网址：${url}` : `网址无效：${url}`),
  invalid_range: () => '结束时间早于开始时间',
  invalid_file: () => '文件名无效',
  export_not_found: ({ fileName }) => `导出文件不存在：${fileName}`,
  invalid_hub_url: ({ hubUrl }) => `平台地址无效：${hubUrl}`,
  insecure_hub_url: ({ hubUrl }) =>
    `拒绝使用明文 HTTP 平台地址 ${hubUrl}：它不在本机或内网，站点密钥和上报记录会在公网上明文传输。请使用 https:// 地址；确属封闭专网时，请在终端上运行 yuanjiao enroll --insecure-http`,
  invalid_time_zone: ({ timeZone }) => `未知时区 ${timeZone}（例如 Asia/Shanghai）`,
  invalid_month: ({ month }) => `月份“${month}”应写成 YYYY-MM`,
  invalid_equipment: ({ rule, issuedOn }) =>
    rule === 'name' ? '请填写设备名称' : rule === 'date' ? `发放日期 ${issuedOn} 不是有效日期（YYYY-MM-DD）` : `发放日期 ${issuedOn} 晚于今天`,
  account_not_found: ({ accountId }) => `账户 ${accountId} 不存在`,
  duplicate_name: ({ name }) => `已有名为“${name}”的账户`,
  last_administrator: () => '站点必须保留一个启用的管理员账户',
  own_account: () => '自己的 PIN 请在“修改 PIN”中修改',
  session_ended: () => '收看已结束，只有管理员可在管理模式中更改辅导员',
  not_a_tutor: () => '请选择一位启用的辅导员',
  session_not_ended: ({ title }) => `“${title}”尚未播放结束，结束后再评价`,
  nobody_present: ({ title }) => `“${title}”无人签到，无需评价`,
  survey_not_found: ({ title }) => `“${title}”没有满意度测评`,
  survey_closed: () => '满意度测评已结束，结果已确定',
  survey_full: ({ present }) => `已有 ${present} 人评价，与签到人数相同`,
  card_not_present: () => '本场未签到，不能评价',
  already_answered: () => '此卡已评价过，谢谢',
  invalid_member: ({ rule, value, other }) =>
    ({
      name: '姓名不能为空',
      category: `类别“${value}”无效`,
      hardship: '困难党员应为“是”或“否”',
      gender: `性别“${value}”无效`,
      active_from: `起始日期“${value}”不是 YYYY-MM-DD 日期`,
      active_to: `截止日期“${value}”不是 YYYY-MM-DD 日期`,
      order: `截止日期 ${value} 早于起始日期 ${other}`,
    })[rule],
  duplicate_card: ({ cardUid, holder }) => `卡号 ${cardUid} 已分配给 ${holder}`,
  invalid_date: ({ date }) => `日期“${date}”应写成 YYYY-MM-DD`,
  invalid_phone_tail: ({ tail }) => `手机尾号应为 4 位数字，收到“${tail}”`,
  invalid_reason: () => '请假须写明原因',
  roster_full: (p) => ('after' in p ? rosterFullAfterImport(p).zh : `名册已有 ${p.max} 人，达到上限；请先为已离开的党员填写截止日期`),
  flow_member_not_found: ({ memberId }) => `没有编号为 ${memberId === '' ? '（未填）' : memberId} 的党员`,
  ledger_entry_not_found: ({ entryId }) => `台帐中没有第 ${entryId} 条`,
  invalid_flow: (problem) => flowProblemTexts(problem).zh,
  history_confirm_needed: ({ months, change }) =>
    change === 'roster'
      ? `此次名册更改会改变 ${months.join('、')} 已打印、导出或上报的记录（应到人数、签到表或月度报表）。确需更正请确认；确认后将记入站点管理日志`
      : `此次${change === 'excusal' ? '请假更改' : '辅导员更改'}会改变 ${months.join('、')} 已打印、导出或上报的记录（签到表或月度报表）。确需更正请确认；确认后将记入站点管理日志`,
  activity_not_found: ({ activityId }) => `支部活动记录 ${activityId} 不存在`,
  activity_withdrawn: ({ activityId }) => `支部活动记录 ${activityId} 已撤销`,
  invalid_activity: ({ field, value }) => `${({ kind: '活动类别', date: '日期', time: '时间', place: '地点', host: '主持人', topic: '主题', minutes: '会议记录', branch: '支部', reason: '撤销原因' })[field]}填写有误${value === '' ? '（不能为空）' : `：“${value}”`}`,
  activity_checkin_not_open: ({ topic }) => `“${topic}”尚未开始签到`,
  activity_checkin_closed: ({ topic }) => `“${topic}”签到已结束`,
  photo_folder_unreadable: ({ path }) => `无法读取文件夹 ${path}`,
  no_photos: ({ path }) => `${path} 中没有可导入的照片`,
  photo_not_image: ({ name }) => `${name} 不是 JPEG 或 PNG 照片`,
  photo_too_large: ({ name, maxMb }) => `${name} 超过 ${maxMb} MB，未导入`,
  invalid_week: ({ week }) => `周次应写成 YYYY-Www（如 2026-W49），收到“${week}”`,
  week_not_ended: ({ week }) => `${week} 还没有结束，结束后才能生成周报`,
  weekly_report_not_found: ({ week }) => `${week} 的周报还没有生成`,
  weekly_report_sent: ({ week }) => `${week} 的周报已报送，不能再修改`,
  invalid_remark: ({ max }) => `备注不能为空，最多 ${max} 字`,
  invalid_room_use: ({ rule, value }) => `${ROOM_USE_FIELDS.zh[rule]}不正确：“${value}”`,
  room_use_not_found: ({ useId }) => `没有编号为 ${useId} 的场所使用登记`,
  room_use_removed: ({ useId }) => `场所使用登记 ${useId} 已撤销`,
};

const en: RefusalCatalogue<StationRefusals> = {
  ...rosterFileCatalogue((text) => text.en),
  ...stationExportCatalogue((text) => text.en),
  ...documentCatalogue((text) => text.en),
  not_found: ({ url }) => `no such address: ${url}`,
  loopback_only: () => 'this API answers the local terminal only',
  foreign_origin: () => 'only this terminal’s screen may call the agent: open it at http://127.0.0.1',
  internal: () => 'internal error, logged',
  disk_full: () => 'the terminal’s disk is full: this was NOT saved; free some space and try again',
  too_large: () => 'the upload is too large',
  bad_request: ({ detail }) => `the request could not be handled: ${detail}`,
  invalid_request: ({ problems }) => requestProblemsText(problems, 'en'),
  session_not_found: ({ sessionId }) => `session ${sessionId} does not exist`,
  not_group_viewing: ({ title }) => `“${title}” is not a group viewing`,
  window_not_open: ({ opensAt }) => `check-in opens at ${opensAt}`,
  window_closed: ({ title }) => `check-in for “${title}” has closed`,
  member_not_found: ({ memberId }) => `no member ${memberId} on the roster`,
  card_unknown: ({ cardUid }) => `card ${cardUid} is not registered; ask the administrator`,
  member_inactive: ({ name }) => `${name} is not on the roster on this date`,
  guest_name_required: () => 'a guest needs a name',
  attendance_not_found: ({ attendanceId }) => `no live check-in ${attendanceId}`,
  not_startable: () => 'only a group viewing opened by play now and still at check-in can be started now',
  program_not_found: ({ programId }) => `program ${programId} does not exist or was removed`,
  invalid_rule: ({ problems }) => ruleProblemsText(problems, 'en'),
  unknown_course: ({ courseId }) => `course ${courseId} does not exist`,
  invalid_window: ({ rule, maxBefore, maxAfter }) =>
    rule === 'empty' ? 'a group viewing needs a check-in window' : `the check-in window must be whole minutes: 0-${maxBefore} before, 0-${maxAfter} after`,
  notice_not_found: () => 'no such notice',
  equipment_not_found: ({ equipmentId }) => `no equipment with id ${equipmentId}`,
  wrong_pin: ({ triesLeft, waitSeconds }) => (waitSeconds > 0 ? `wrong PIN; try again in ${WAIT.en(waitSeconds)}` : `wrong PIN; ${triesLeft} more tries without waiting`),
  too_many_attempts: ({ what, waitSeconds }) => `too many wrong ${what === 'pin' ? 'PINs' : 'codes'}; try again in ${WAIT.en(waitSeconds)}`,
  not_logged_in: () => 'admin login required',
  pin_change_required: () => 'change the default PIN first',
  bad_new_pin: ({ rule }) => PIN_RULES.en[rule],
  weak_pin: ({ rule }) => PIN_RULES.en[rule],
  no_account: ({ name }) => (name === '' ? 'no such active account' : `no account named “${name}”`),
  not_permitted: ({ role, permission }) => `${ROLES.en[role] ?? role} account may not ${PERMISSIONS.en[permission] ?? permission}`,
  not_enrolled: () => 'this station is not enrolled with a hub: reset the PIN on the terminal (yuanjiao admin reset-pin)',
  malformed_code: ({ digits }) => `the code has ${digits} digits`,
  wrong_code: ({ waitSeconds }) => (waitSeconds > 0 ? `wrong code; try again in ${WAIT.en(waitSeconds)}` : 'wrong code: check it and type it again'),
  code_expired: () => 'this code has expired: ask the county for a new one',
  code_used: () => 'this code was used already: ask the county for a new one',
  code_withdrawn: () => 'the county withdrew this code: ask for a new one',
  course_not_found: ({ courseId }) => `no playable course ${courseId}`,
  no_local_copy: ({ title }) => `the course “${title}” has no local copy`,
  course_converting: ({ title }) => `“${title}”: the course is still being converted`,
  course_quarantined: ({ title }) => `“${title}”: the course failed verification and is quarantined`,
  course_missing: ({ title }) => `“${title}”: the course file is missing`,
  course_removed: ({ title }) => `“${title}”: the course was removed`,
  media_missing: ({ title, path }) => `the file of “${title}” is missing: ${path}`,
  volume_not_found: () => 'the USB stick is gone; plug it in again',
  volume_busy: ({ label }) => `the USB stick “${label}” is being imported already`,
  volume_read_only: ({ label }) => `the USB stick “${label}” is read-only`,
  volume_full: ({ label }) => `the USB stick “${label}” is full`,
  job_not_found: ({ jobId }) => `no import job ${jobId} (the list is emptied when the station service restarts)`,
  no_files: () => 'choose at least one file',
  bad_url: ({ url, reason }) => (reason === 'scheme' ? `only http and https URLs are supported: ${url}` : `not a valid URL: ${url}`),
  invalid_range: () => '"to" is before "from"',
  invalid_file: () => 'invalid file name',
  export_not_found: ({ fileName }) => `no such export: ${fileName}`,
  invalid_hub_url: ({ hubUrl }) => `not a hub address: ${hubUrl}`,
  insecure_hub_url: ({ hubUrl }) =>
    `refusing plain-HTTP hub address ${hubUrl}: it is neither this machine nor a private network, so the station secret and every report would cross it in clear. Use an https:// address; on a really closed network run yuanjiao enroll --insecure-http on the terminal`,
  invalid_time_zone: ({ timeZone }) => `unknown time zone ${timeZone} (for example Asia/Shanghai)`,
  invalid_month: ({ month }) => `month "${month}" must be YYYY-MM`,
  invalid_equipment: ({ rule, issuedOn }) =>
    rule === 'name' ? 'the name is required' : rule === 'date' ? `issue date ${issuedOn} is not a valid date (YYYY-MM-DD)` : `issue date ${issuedOn} is in the future`,
  account_not_found: ({ accountId }) => `no account ${accountId}`,
  duplicate_name: ({ name }) => `an account named ${name} exists`,
  last_administrator: () => 'the station must keep one active administrator',
  own_account: () => 'change your own PIN with the current one',
  session_ended: () => 'the viewing has ended: only the administrator may change its tutor, in admin mode',
  not_a_tutor: () => 'choose an active tutor',
  session_not_ended: ({ title }) => `“${title}” has not ended yet; answer after it ends`,
  nobody_present: ({ title }) => `nobody checked in to “${title}”; no survey needed`,
  survey_not_found: ({ title }) => `“${title}” has no survey`,
  survey_closed: () => 'the survey has closed; its counts are final',
  survey_full: ({ present }) => `every one of the ${present} people present has answered`,
  card_not_present: () => 'this card was not checked in to this viewing',
  already_answered: () => 'this card has already answered, thank you',
  invalid_member: ({ rule, value, other }) =>
    ({
      name: 'name must not be empty',
      category: `category "${value}" is not a member category`,
      hardship: 'hardship must be true or false',
      gender: `gender "${value}" is not valid`,
      active_from: `active-from "${value}" is not a YYYY-MM-DD date`,
      active_to: `active-to "${value}" is not a YYYY-MM-DD date`,
      order: `active-to ${value} is before active-from ${other}`,
    })[rule],
  duplicate_card: ({ cardUid, holder }) => `card ${cardUid} already belongs to ${holder}`,
  invalid_date: ({ date }) => `date "${date}" must be YYYY-MM-DD`,
  invalid_phone_tail: ({ tail }) => `the phone tail must be 4 digits, not "${tail}"`,
  invalid_reason: () => 'an excusal needs a reason',
  roster_full: (p) => ('after' in p ? rosterFullAfterImport(p).en : `the roster holds ${p.max} members, its cap: give members who left an active-to date first`),
  flow_member_not_found: ({ memberId }) => `no member with id ${memberId === '' ? '(none)' : memberId}`,
  ledger_entry_not_found: ({ entryId }) => `no ledger entry ${entryId}`,
  invalid_flow: (problem) => flowProblemTexts(problem).en,
  history_confirm_needed: ({ months, change }) =>
    `this ${change === 'roster' ? 'roster change' : change === 'excusal' ? 'excusal change' : 'change of tutor'} would alter records of ${months.join(', ')} already printed, exported or reported; confirm to correct them (it is written to the station log)`,
  activity_not_found: ({ activityId }) => `no branch activity ${activityId}`,
  activity_withdrawn: ({ activityId }) => `branch activity ${activityId} has been withdrawn`,
  invalid_activity: ({ field, value }) => `the ${({ kind: 'kind', date: 'date', time: 'time', place: 'place', host: 'host', topic: 'topic', minutes: 'minutes', branch: 'branch', reason: 'reason for withdrawal' })[field]} is not valid${value === '' ? ' (it must not be empty)' : `: "${value}"`}`,
  activity_checkin_not_open: ({ topic }) => `check-in for “${topic}” has not opened`,
  activity_checkin_closed: ({ topic }) => `check-in for “${topic}” has closed`,
  photo_folder_unreadable: ({ path }) => `cannot read the folder ${path}`,
  no_photos: ({ path }) => `no photos to import in ${path}`,
  photo_not_image: ({ name }) => `${name} is not a JPEG or PNG photo`,
  photo_too_large: ({ name, maxMb }) => `${name} is larger than ${maxMb} MB and was not imported`,
  invalid_week: ({ week }) => `a week is written YYYY-Www (e.g. 2026-W49), got "${week}"`,
  week_not_ended: ({ week }) => `${week} has not ended yet; its report is composed after it ends`,
  weekly_report_not_found: ({ week }) => `the report of ${week} has not been composed yet`,
  weekly_report_sent: ({ week }) => `the report of ${week} has been sent and can no longer change`,
  invalid_remark: ({ max }) => `a remark must not be empty and has at most ${max} characters`,
  invalid_room_use: ({ rule, value }) => `the ${ROOM_USE_FIELDS.en[rule]} is not right: "${value}"`,
  room_use_not_found: ({ useId }) => `there is no room use number ${useId}`,
  room_use_removed: ({ useId }) => `room use ${useId} has already been removed`,
};

const CATALOGUES: Record<Locale, RefusalCatalogue<StationRefusals>> = { 'zh-CN': zh, en };

/** What the screen itself says of the agent (not a refusal of the agent's). */
const LOCAL: Record<Locale, Record<string, string>> = {
  'zh-CN': { agent_unreachable: '无法连接站点服务' },
  en: { agent_unreachable: 'the station service is not answering' },
};

const UNKNOWN: Record<Locale, (code: string) => string> = {
  'zh-CN': (code) => `站点服务拒绝了此操作（${code}）`,
  en: (code) => `the station service refused this (${code})`,
};

/** A refusal as the agent sent it: its code and values. */
export interface AgentRefusal {
  code: string;
  params: RefusalParams;
}

/** The refusal in the screen's language: the catalogue's text, or a plain text naming the code. */
export function refusalText(refusal: AgentRefusal, locale: Locale = currentLocale()): string {
  if (Object.hasOwn(LOCAL[locale], refusal.code)) return LOCAL[locale][refusal.code]!;
  // Looked up by a code from the wire: any string, checked to be one of ours before its text is called.
  const catalogue = CATALOGUES[locale] as unknown as Record<string, (params: RefusalParams) => string>;
  if (!Object.hasOwn(catalogue, refusal.code)) return UNKNOWN[locale](refusal.code);
  try {
    return catalogue[refusal.code]!(refusal.params);
  } catch {
    // Values of another shape than this screen expects (an agent of another release): never a blank screen.
    return UNKNOWN[locale](refusal.code);
  }
}
