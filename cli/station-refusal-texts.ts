// What the CLI prints for each refusal the station gives, from its code and values: Chinese, then English (a
// terminal's log is read by a county technician as often as by the station's administrator). Typed by
// protocol/refusals/station-refusals.pure.ts, so a listed code without a text here does not compile.
import type { RefusalCatalogue, RefusalParams } from '../protocol/refusals/refusal.pure.ts';
import type { StationRefusals } from '../protocol/refusals/station-refusals.pure.ts';
import { ruleProblemText, stationRequestProblemsText } from './station-request-problems.ts';
import { oneLine } from '../protocol/refusals/bilingual.pure.ts';
import { flowProblemTexts } from '../protocol/refusals/flow-problem-texts.pure.ts';
import { rosterFileCatalogue, rosterFullAfterImport } from '../protocol/refusals/roster-file-texts.pure.ts';
import { stationExportCatalogue } from '../protocol/refusals/station-export-texts.pure.ts';
import { documentCatalogue } from '../protocol/refusals/document-texts.pure.ts';

const waitZh = (s: number) => (s <= 60 ? `${s} 秒` : `${Math.ceil(s / 60)} 分钟`);
const waitEn = (s: number) => (s <= 60 ? `${s} s` : `${Math.ceil(s / 60)} min`);
const PIN_RULES = {
  digits: 'PIN 须为 6–8 位数字 / the PIN must be 6–8 digits',
  default: '不能使用默认 PIN / the default PIN cannot be kept',
  repeated: 'PIN 不能全是同一个数字 / the PIN cannot repeat one digit',
  run: 'PIN 不能是连续数字 / the PIN cannot be a run of digits',
};
const ROOM_USE_FIELDS = { date: '日期', time: '时间', order: '结束时间', purpose: '用途', organiser: '组织者', headcount: '人数', reason: '撤销原因' } as const;
const ROLES: Record<string, string> = { administrator: '管理员 / administrator', operator: '操作员 / operator', tutor: '辅导员 / tutor' };

const TEXTS: RefusalCatalogue<StationRefusals> = {
  ...rosterFileCatalogue(oneLine),
  ...stationExportCatalogue(oneLine),
  ...documentCatalogue(oneLine),
  not_found: ({ url }) => `没有这个地址：${url} / no such address`,
  loopback_only: () => '仅限本机访问 / this API answers the local terminal only',
  foreign_origin: () => '仅限本机屏幕访问：请用 http://127.0.0.1 打开 / only this terminal’s screen may call the agent: open it at http://127.0.0.1',
  internal: () => '终端内部错误，已记录 / internal error, logged',
  disk_full: () => '终端存储空间已满，本次操作未保存，请联系管理员清理磁盘后重试 / the terminal’s disk is full: this was NOT saved; free some space and try again',
  too_large: () => '上传的文件太大 / the upload is too large',
  bad_request: ({ detail }) => `请求无法处理 / the request could not be handled: ${detail}`,
  invalid_request: ({ problems }) => stationRequestProblemsText(problems),
  session_not_found: ({ sessionId }) => `收看场次 ${sessionId} 不存在 / session ${sessionId} does not exist`,
  not_group_viewing: ({ title }) => `“${title}”不是集中收看 / not a group viewing`,
  window_not_open: ({ opensAt }) => `签到尚未开始，${opensAt} 开放 / check-in opens at ${opensAt}`,
  window_closed: ({ title }) => `“${title}”签到已结束 / check-in for this session has closed`,
  member_not_found: ({ memberId }) => `名册中没有编号 ${memberId} / no member ${memberId}`,
  card_unknown: ({ cardUid }) => `卡号 ${cardUid} 未登记，请联系管理员 / card not registered`,
  member_inactive: ({ name }) => `${name} 不在本站点名册中（已转出或未到起始日期）/ ${name} is not on the roster on this date`,
  guest_name_required: () => '请填写来宾姓名 / a guest needs a name',
  attendance_not_found: ({ attendanceId }) => `签到记录 ${attendanceId} 不存在或已撤销 / no live check-in ${attendanceId}`,
  not_startable: () => '只有“立即播放”开启、仍在签到的集中收看可以立即开始 / only a group viewing opened by play now and still at check-in can be started now',
  program_not_found: ({ programId }) => `节目 ${programId} 不存在或已删除 / program ${programId} does not exist or was removed`,
  invalid_rule: ({ problems }) => problems.map(ruleProblemText).join('；'),
  unknown_course: ({ courseId }) => `课件 ${courseId} 不存在 / course ${courseId} does not exist`,
  invalid_window: ({ rule, maxBefore, maxAfter }) =>
    rule === 'empty'
      ? '集中收看的签到时段不能为空 / a group viewing needs a check-in window'
      : `签到时段应为整数分钟：开播前 0–${maxBefore}，开播后 0–${maxAfter} / the check-in window must be whole minutes: 0-${maxBefore} before, 0-${maxAfter} after`,
  notice_not_found: () => '没有这条通知 / no such notice',
  equipment_not_found: ({ equipmentId }) => `没有编号为 ${equipmentId} 的设备 / no equipment with id ${equipmentId}`,
  wrong_pin: ({ triesLeft, waitSeconds }) =>
    waitSeconds > 0
      ? `PIN 错误，请 ${waitZh(waitSeconds)}后再试 / wrong PIN; try again in ${waitEn(waitSeconds)}`
      : `PIN 错误，还可立即重试 ${triesLeft} 次 / wrong PIN; ${triesLeft} more tries without waiting`,
  too_many_attempts: ({ what, waitSeconds }) =>
    `${what === 'pin' ? 'PIN ' : '重置码'}错误次数过多，请 ${waitZh(waitSeconds)}后再试 / too many wrong ${what === 'pin' ? 'PINs' : 'codes'}; try again in ${waitEn(waitSeconds)}`,
  not_logged_in: () => '请先输入管理 PIN / admin login required',
  pin_change_required: () => '请先修改默认 PIN / change the default PIN first',
  bad_new_pin: ({ rule }) => PIN_RULES[rule],
  weak_pin: ({ rule }) => PIN_RULES[rule],
  no_account: ({ name }) => (name === '' ? '没有这个账户或已停用 / no such active account' : `没有名为“${name}”的账户 / no such account`),
  not_permitted: ({ role, permission }) => `${ROLES[role] ?? role} 账户无此权限（${permission}）/ this account may not do this (${permission})`,
  not_enrolled: () => '本站尚未加入县级平台，无法使用重置码；请运行 yuanjiao admin reset-pin / this station is not enrolled with a hub: run yuanjiao admin reset-pin',
  malformed_code: ({ digits }) => `重置码为 ${digits} 位数字 / the code has ${digits} digits`,
  wrong_code: ({ waitSeconds }) =>
    waitSeconds > 0 ? `重置码不正确，请 ${waitZh(waitSeconds)}后再试 / wrong code; try again in ${waitEn(waitSeconds)}` : '重置码不正确，请核对后重新输入 / wrong code: check it and type it again',
  code_expired: () => '重置码已过期，请向县级平台重新申请 / this code has expired: ask the county for a new one',
  code_used: () => '此重置码已用过，请向县级平台重新申请 / this code was used already: ask the county for a new one',
  code_withdrawn: () => '此重置码已被县级平台撤回，请向县级平台重新申请 / the county withdrew this code: ask for a new one',
  course_not_found: ({ courseId }) => `课件 ${courseId} 不存在或不可播放 / no playable course ${courseId}`,
  no_local_copy: ({ title }) => `课件“${title}”没有本地文件 / the course has no local copy`,
  course_converting: ({ title }) => `“${title}”：课件正在转换格式，暂不能播放 / the course is still being converted`,
  course_quarantined: ({ title }) => `“${title}”：课件未通过校验，已隔离 / the course failed verification and is quarantined`,
  course_missing: ({ title }) => `“${title}”：课件文件缺失 / the course file is missing`,
  course_removed: ({ title }) => `“${title}”：课件已删除 / the course was removed`,
  media_missing: ({ title, path }) => `课件“${title}”的文件不存在：${path} / the course file is missing`,
  volume_not_found: () => 'U 盘已拔出或不存在，请重新插入 / the USB stick is gone; plug it in again',
  volume_busy: ({ label }) => `U 盘“${label}”正在导入中，请等它完成 / this USB stick is being imported already`,
  volume_read_only: ({ label }) => `U 盘“${label}”是只读的 / the stick is read-only`,
  volume_full: ({ label }) => `U 盘“${label}”空间不足 / the stick is full`,
  job_not_found: ({ jobId }) => `导入任务 ${jobId} 不存在（站点服务重启后任务列表会清空）/ no such import job`,
  no_files: () => '请至少选择一个文件 / choose at least one file',
  bad_url: ({ url, reason }) =>
    reason === 'scheme' ? `只支持 http:// 或 https:// 网址：${url} / only http and https URLs are supported` : `网址无效：${url} / not a valid URL`,
  invalid_range: () => '结束时间早于开始时间 / "to" is before "from"',
  invalid_file: () => '文件名无效 / invalid file name',
  export_not_found: ({ fileName }) => `导出文件不存在：${fileName} / no such export`,
  invalid_hub_url: ({ hubUrl }) => `平台地址无效：${hubUrl} / not a hub address`,
  insecure_hub_url: ({ hubUrl }) =>
    `拒绝使用明文 HTTP 平台地址 ${hubUrl}：它不在本机或内网；请使用 https:// 地址，确属封闭专网时再加 --insecure-http / refusing plain-HTTP hub address ${hubUrl}: use an https:// address, or add --insecure-http on a really closed network`,
  invalid_time_zone: ({ timeZone }) => `未知时区 ${timeZone}（例如 Asia/Shanghai）/ unknown time zone`,
  invalid_month: ({ month }) => `月份“${month}”应写成 YYYY-MM / month "${month}" must be YYYY-MM`,
  invalid_equipment: ({ rule, issuedOn }) =>
    rule === 'name'
      ? '请填写设备名称 / the name is required'
      : rule === 'date'
        ? `发放日期 ${issuedOn} 不是有效日期（YYYY-MM-DD）/ not a valid date`
        : `发放日期 ${issuedOn} 晚于今天 / the issue date is in the future`,
  account_not_found: ({ accountId }) => `账户 ${accountId} 不存在 / no such account`,
  duplicate_name: ({ name }) => `已有名为“${name}”的账户 / an account named ${name} exists`,
  last_administrator: () => '站点必须保留一个启用的管理员账户 / the station must keep one active administrator',
  own_account: () => '自己的 PIN 请在“修改 PIN”中修改 / change your own PIN with the current one',
  session_ended: () => '收看已结束，只有管理员可在管理模式中更改辅导员 / the viewing has ended: only the administrator may change its tutor, in admin mode',
  not_a_tutor: () => '请选择一位启用的辅导员 / choose an active tutor',
  session_not_ended: ({ title }) => `“${title}”尚未播放结束，结束后再评价 / the viewing has not ended yet`,
  nobody_present: ({ title }) => `“${title}”无人签到，无需评价 / nobody checked in to this viewing`,
  survey_not_found: ({ title }) => `“${title}”没有满意度测评 / this viewing has no survey`,
  survey_closed: () => '满意度测评已结束，结果已确定 / the survey has closed; its counts are final',
  survey_full: ({ present }) => `已有 ${present} 人评价，与签到人数相同 / every one of the ${present} people present has answered`,
  card_not_present: () => '本场未签到，不能评价 / this card was not checked in to this viewing',
  already_answered: () => '此卡已评价过，谢谢 / this card has already answered',
  invalid_member: ({ rule, value, other }) =>
    ({
      name: '姓名不能为空 / name must not be empty',
      category: `类别“${value}”无效 / category "${value}" is not a member category`,
      hardship: '困难党员应为“是”或“否” / hardship must be true or false',
      gender: `性别“${value}”无效 / gender "${value}" is not valid`,
      active_from: `起始日期“${value}”不是 YYYY-MM-DD 日期 / activeFrom "${value}" is not a YYYY-MM-DD date`,
      active_to: `截止日期“${value}”不是 YYYY-MM-DD 日期 / activeTo "${value}" is not a YYYY-MM-DD date`,
      order: `截止日期 ${value} 早于起始日期 ${other} / activeTo ${value} is before activeFrom ${other}`,
    })[rule],
  duplicate_card: ({ cardUid, holder }) => `卡号 ${cardUid} 已分配给 ${holder} / card ${cardUid} already belongs to ${holder}`,
  invalid_date: ({ date }) => `日期“${date}”应写成 YYYY-MM-DD / date "${date}" must be YYYY-MM-DD`,
  invalid_phone_tail: ({ tail }) => `手机尾号应为 4 位数字，收到“${tail}” / the phone tail must be 4 digits`,
  invalid_reason: () => '请假须写明原因 / an excusal needs a reason',
  roster_full: (p) => ('after' in p ? oneLine(rosterFullAfterImport(p)) : `名册已有 ${p.max} 人，达到上限；请先为已离开的党员填写截止日期 / the roster holds ${p.max} members, its cap`),
  flow_member_not_found: ({ memberId }) => `没有编号为 ${memberId === '' ? '（未填）' : memberId} 的党员 / no member with id ${memberId === '' ? '(none)' : memberId}`,
  ledger_entry_not_found: ({ entryId }) => `台帐中没有第 ${entryId} 条 / no ledger entry ${entryId}`,
  invalid_flow: (problem) => oneLine(flowProblemTexts(problem)),
  history_confirm_needed: ({ months, change }) => {
    const what = change === 'roster' ? ['名册更改', 'roster change'] : change === 'excusal' ? ['请假更改', 'excusal change'] : ['辅导员更改', 'change of tutor'];
    return `此次${what[0]}会改变 ${months.join('、')} 已打印、导出或上报的记录。确需更正请加 --confirm；确认后将记入站点管理日志 / this ${what[1]} would alter records of ${months.join(', ')} already printed, exported or reported; add --confirm to correct them (it is written to the station log)`;
  },
  activity_not_found: ({ activityId }) => `支部活动记录 ${activityId} 不存在 / no branch activity ${activityId}`,
  activity_withdrawn: ({ activityId }) => `支部活动记录 ${activityId} 已撤销 / branch activity ${activityId} has been withdrawn`,
  invalid_activity: ({ field, value }) =>
    `${({ kind: '活动类别', date: '日期', time: '时间', place: '地点', host: '主持人', topic: '主题', minutes: '会议记录', branch: '支部', reason: '撤销原因' })[field]}填写有误${value === '' ? '（不能为空）' : `：“${value}”`} / the ${({ kind: 'kind', date: 'date', time: 'time', place: 'place', host: 'host', topic: 'topic', minutes: 'minutes', branch: 'branch', reason: 'reason for withdrawal' })[field]} is not valid`,
  activity_checkin_not_open: ({ topic }) => `“${topic}”尚未开始签到 / check-in has not opened`,
  activity_checkin_closed: ({ topic }) => `“${topic}”签到已结束 / check-in has closed`,
  photo_folder_unreadable: ({ path }) => `无法读取文件夹 ${path} / cannot read the folder`,
  no_photos: ({ path }) => `${path} 中没有可导入的照片 / no photos to import there`,
  photo_not_image: ({ name }) => `${name} 不是 JPEG 或 PNG 照片 / not a JPEG or PNG photo`,
  photo_too_large: ({ name, maxMb }) => `${name} 超过 ${maxMb} MB，未导入 / larger than ${maxMb} MB, not imported`,
  invalid_week: ({ week }) => `周次应写成 YYYY-Www（如 2026-W49），收到“${week}” / a week is written YYYY-Www (e.g. 2026-W49), got "${week}"`,
  week_not_ended: ({ week }) => `${week} 还没有结束，结束后才能生成周报 / ${week} has not ended yet`,
  weekly_report_not_found: ({ week }) => `${week} 的周报还没有生成 / the report of ${week} has not been composed yet`,
  weekly_report_sent: ({ week }) => `${week} 的周报已报送，不能再修改 / the report of ${week} has been sent and can no longer change`,
  invalid_remark: ({ max }) => `备注不能为空，最多 ${max} 字 / a remark must not be empty and has at most ${max} characters`,
  invalid_room_use: ({ rule, value }) => `${ROOM_USE_FIELDS[rule]}不正确：“${value}” / the ${rule} is not right: "${value}"`,
  room_use_not_found: ({ useId }) => `没有编号为 ${useId} 的场所使用登记 / there is no room use number ${useId}`,
  room_use_removed: ({ useId }) => `场所使用登记 ${useId} 已撤销 / room use ${useId} has already been removed`,
};

/** A station refusal as the CLI prints it: its words if it still has its own, else this catalogue's, else its code. */
export function stationRefusalText(refusal: { code: string; params: RefusalParams; words?: string }): string {
  if (refusal.words !== undefined) return refusal.words;
  const texts = TEXTS as unknown as Record<string, (params: RefusalParams) => string>;
  if (!Object.hasOwn(texts, refusal.code)) return `操作被拒绝 / refused: ${refusal.code} ${JSON.stringify(refusal.params)}`;
  return texts[refusal.code]!(refusal.params);
}
