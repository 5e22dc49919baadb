// Why the courseware library refused, skipped or failed a file, or an import or a download as a whole (content/:
// ingest, probe, usb-import, download*), as data — a code and its values, sent in an import job's per-file results
// and its `error`, and in a USB stick's listing — and its words in Chinese and English: the one place they are
// written. The kiosk shows the half in its language; the CLI (`yuanjiao content …`), the content module's own
// errors and logs say both on one line (`oneLine`). Pure, and free of typebox, so the screen's bundle may run it.
import type { Bilingual } from './bilingual.pure.ts';

type None = Record<string, never>;

/** Each code and the type of its values. */
export type CoursewareProblems = {
  // The file itself (probe.ts: what ffprobe and the decode checks found); stored as such in content_log.
  empty_file: None;
  not_media: None;
  no_video_stream: None;
  truncated: None;
  undecodable: None;
  over_limit: None;
  checksum_mismatch: None;
  bad_manifest: None;
  bad_playlist: None;
  // What became of a file that was not stored.
  duplicate: { title: string };
  partial_name: None;
  /** A file not imported because the operator cancelled, or a download the operator cancelled. */
  cancelled: { what: 'file' | 'download' };
  volume_gone: None;
  /** link: a symbolic link on the way (or a folder where a file was named), not a path that leaves the stick. */
  outside_volume: { path: string; link: boolean };
  /** missing: nothing there (unplugged?); special: there, but not a plain file on the stick; local: not a file. */
  not_a_file: { path: string; why: 'missing' | 'special' | 'local' };
  changed_while_copying: { fileName: string };
  /** The maintained ffmpeg is missing or unusable (content/ffmpeg.ts says which binary, for the log). */
  no_ffmpeg: { reason: 'missing' | 'too_old' | 'unreadable' };
  /** neededMb: a download's size, when known; null for a USB file. */
  no_space: { neededMb: number | null };
  /** detail: the system's own words (EIO …), a value rather than a sentence of ours. */
  read_failed: { detail: string };
  // A download (content/download*.ts).
  bad_url: { url: string; reason: 'invalid' | 'scheme' };
  http_status: { status: number; url: string };
  /** error: the last failure as the network said it (HTTP 503, ECONNRESET …); attempts null: no progress at all. */
  network: { error: string; attempts: number | null };
  /** A download waiting to try again, and why (the network's own words). */
  retrying: { error: string };
  busy: { url: string; pid: number | null };
  too_many_redirects: { url: string };
  size_mismatch: None;
  playlist_too_large: { limit: number };
  /** A fault, not a refusal (the database, the disk): detail is the error's own text. */
  import_failed: { detail: string };
};

export type CoursewareCode = keyof CoursewareProblems;

/** One problem: its code and its values, as they cross the wire. */
export type CoursewareProblem<C extends CoursewareCode = CoursewareCode> = { [K in C]: { readonly code: K; readonly params: CoursewareProblems[K] } }[C];

/** The problem of a code that carries no values. */
export function problemOf<C extends CoursewareCode>(code: C, params: CoursewareProblems[C]): CoursewareProblem<C> {
  return { code, params } as CoursewareProblem<C>;
}

const HTTP_REASONS: Readonly<Record<number, string>> = {
  401: '需要登录或授权',
  403: '没有访问权限',
  404: '找不到文件，请检查网址',
  410: '文件已被删除',
};

/** HTTP's own reason phrases, for the English half: Node's http.STATUS_CODES (4xx, 5xx), which the screen's bundle has not. */
const HTTP_PHRASES: Readonly<Record<number, string>> = {
  400: 'Bad Request', 401: 'Unauthorized', 402: 'Payment Required', 403: 'Forbidden', 404: 'Not Found',
  405: 'Method Not Allowed', 406: 'Not Acceptable', 407: 'Proxy Authentication Required', 408: 'Request Timeout',
  409: 'Conflict', 410: 'Gone', 411: 'Length Required', 412: 'Precondition Failed', 413: 'Payload Too Large',
  414: 'URI Too Long', 415: 'Unsupported Media Type', 416: 'Range Not Satisfiable', 417: 'Expectation Failed',
  418: "I'm a Teapot", 421: 'Misdirected Request', 422: 'Unprocessable Entity', 423: 'Locked',
  424: 'Failed Dependency', 425: 'Too Early', 426: 'Upgrade Required', 428: 'Precondition Required',
  429: 'Too Many Requests', 431: 'Request Header Fields Too Large', 451: 'Unavailable For Legal Reasons',
  500: 'Internal Server Error', 501: 'Not Implemented', 502: 'Bad Gateway', 503: 'Service Unavailable',
  504: 'Gateway Timeout', 505: 'HTTP Version Not Supported', 506: 'Variant Also Negotiates',
  507: 'Insufficient Storage', 508: 'Loop Detected', 509: 'Bandwidth Limit Exceeded', 510: 'Not Extended',
  511: 'Network Authentication Required',
};

const NO_FFMPEG_WHY: Record<CoursewareProblems['no_ffmpeg']['reason'], Bilingual> = {
  missing: { zh: '未安装或无法运行', en: 'missing or broken' },
  unreadable: { zh: '未安装或无法运行', en: 'missing or broken' },
  too_old: { zh: '版本过旧', en: 'too old' },
};

/** Every code in both languages. */
export const COURSEWARE_TEXTS: { readonly [C in CoursewareCode]: (params: CoursewareProblems[C]) => Bilingual } = {
  empty_file: () => ({ zh: '文件是空的（0 字节），可能没有接收或复制完整', en: 'the file is empty (0 bytes); it may not have been received or copied completely' }),
  not_media: () => ({ zh: '不是可识别的视频文件', en: 'this is not a video file the station can read' }),
  no_video_stream: () => ({ zh: '文件中没有视频画面（只有声音、图片或字幕）', en: 'the file has no video stream (only sound, a picture or subtitles)' }),
  truncated: () => ({ zh: '文件不完整（后半部分缺失），请重新接收或复制', en: 'the file is incomplete (its end is missing); receive or copy it again' }),
  undecodable: () => ({ zh: '视频无法解码（文件损坏或编码不受支持）', en: 'the video cannot be decoded (damaged, or a codec this station cannot read)' }),
  over_limit: () => ({
    zh: '读取这个文件超出了本机限定的时间或内存，已拒收（文件可能损坏或被人为构造）',
    en: 'reading this file went past the time or memory the station allows; refused (the file may be damaged or crafted)',
  }),
  checksum_mismatch: () => ({ zh: '校验值不符：文件在传输中损坏或不完整', en: 'checksum mismatch: the file was damaged or cut short in transfer' }),
  bad_manifest: () => ({ zh: '附带的清单文件无法读取', en: 'the manifest beside the file cannot be read' }),
  bad_playlist: () => ({ zh: 'HLS 播放列表无法识别，不能登记为直播课件', en: 'the HLS playlist cannot be read, so it was not registered' }),
  duplicate: ({ title }) => ({ zh: `库中已有“${title}”`, en: `already in the library as “${title}”` }),
  partial_name: () => ({ zh: '文件名表明它还没有写完', en: 'the name says it is still being written' }),
  cancelled: ({ what }) => (what === 'download' ? { zh: '下载已取消', en: 'the download was cancelled' } : { zh: '已取消', en: 'cancelled' }),
  volume_gone: () => ({ zh: 'U盘已拔出，未导入', en: 'the USB drive was unplugged; not imported' }),
  outside_volume: ({ path, link }) =>
    link ? { zh: `不是U盘上的普通文件：${path}`, en: 'not a plain file on the volume' } : { zh: `路径不在U盘上：${path}`, en: 'the path is not on the volume' },
  not_a_file: ({ path, why }) =>
    why === 'missing'
      ? { zh: `U盘上没有这个文件（可能已拔出）：${path}`, en: 'no such file on the volume (was it unplugged?)' }
      : why === 'special'
        ? { zh: `不是U盘上的普通文件：${path}`, en: 'not a plain file on the volume' }
        : { zh: `不是文件：${path}`, en: `not a file: ${path}` },
  changed_while_copying: ({ fileName }) => ({
    zh: `文件在复制过程中发生了变化，请等它写完再导入：${fileName}`,
    en: 'the file changed while it was copied; import it once it is complete',
  }),
  no_ffmpeg: ({ reason }) => ({
    zh: `本机没有可用的 ffmpeg（${NO_FFMPEG_WHY[reason].zh}），新课件暂不能导入，已有课件照常播放：请安装 ffmpeg 软件包`,
    en: `No usable ffmpeg (${NO_FFMPEG_WHY[reason].en}): new courseware cannot be imported until the ffmpeg package is installed; courses already here still play`,
  }),
  no_space: ({ neededMb }) =>
    neededMb === null
      ? { zh: '终端磁盘空间不足，无法导入这个文件', en: 'not enough disk space on the terminal for this file' }
      : { zh: `终端磁盘空间不足，无法下载这个文件（需要约 ${neededMb} MB）`, en: `not enough disk space for this download (about ${neededMb} MB needed)` },
  read_failed: ({ detail }) => ({ zh: `读取U盘失败：${detail}`, en: 'could not read the file from the USB drive' }),
  bad_url: ({ url, reason }) =>
    reason === 'scheme' ? { zh: `只支持 http:// 或 https:// 网址：${url}`, en: 'only http and https URLs are supported' } : { zh: `网址无效：${url}`, en: 'not a valid URL' },
  http_status: ({ status, url }) => {
    const reason = HTTP_REASONS[status] ?? (status >= 500 ? '服务器出错' : '请求被拒绝');
    return { zh: `服务器拒绝了下载：HTTP ${status}（${reason}）${url}`, en: `the server refused: HTTP ${status} ${HTTP_PHRASES[status] ?? ''}`.trim() };
  },
  network: ({ error, attempts }) =>
    attempts === null
      ? { zh: `下载无法完成：${error}`, en: 'the download cannot complete' }
      : { zh: `多次重试后仍无法下载：${error}`, en: `the download failed after ${attempts} attempts: ${error}` },
  // The network's words, as it said them: the screen shows them beside its own "retrying in n s".
  retrying: ({ error }) => ({ zh: error, en: error }),
  busy: ({ url, pid }) =>
    pid === null ? { zh: `无法锁定下载：${url}`, en: 'could not lock the download' } : { zh: `这个网址正在下载中（进程 ${pid}）：${url}`, en: `this URL is already being downloaded (process ${pid})` },
  too_many_redirects: ({ url }) => ({ zh: `网址重定向次数过多：${url}`, en: 'too many redirects' }),
  size_mismatch: () => ({ zh: '下载的文件大小与服务器所说不符', en: 'the download does not have the size the server announced' }),
  playlist_too_large: ({ limit }) => ({ zh: `播放列表过大（超过 ${limit} 字节）`, en: 'the playlist is too large' }),
  import_failed: ({ detail }) => ({ zh: `导入出错：${detail}`, en: 'the import failed' }),
};

/**
 * A problem in both languages. A code this release does not know (an agent of a newer release) is named as it is,
 * never a blank.
 */
export function coursewareText(problem: { readonly code: string; readonly params: unknown }): Bilingual {
  const text = (COURSEWARE_TEXTS as Record<string, ((params: unknown) => Bilingual) | undefined>)[problem.code];
  return text ? text(problem.params ?? {}) : { zh: `课件问题（${problem.code}）`, en: `courseware problem (${problem.code})` };
}

/**
 * What a check of the library found wrong with a stored course (content/library-verify.ts), written in its
 * content_log rows by code: their own family, since `size_mismatch` there means the stored file, not a download.
 */
export type StoredFileProblemCode = 'missing' | 'size_mismatch' | 'hash_mismatch' | 'unreadable';

export const STORED_FILE_TEXTS: { readonly [C in StoredFileProblemCode]: Bilingual } = {
  missing: { zh: '文件不存在', en: 'the file is missing' },
  size_mismatch: { zh: '文件大小与入库时不同', en: 'the file size differs from when it was stored' },
  hash_mismatch: { zh: '文件内容与入库时不同（校验值不符）', en: 'the file content differs from when it was stored (checksum mismatch)' },
  unreadable: { zh: '文件已无法作为视频读取', en: 'the file can no longer be read as a video' },
};

/** The codes an import's refusal writes in content_log: none carries values, so a row's code says it all. */
const IMPORT_REFUSALS: ReadonlySet<string> = new Set<CoursewareCode>([
  'empty_file',
  'not_media',
  'no_video_stream',
  'truncated',
  'undecodable',
  'over_limit',
  'checksum_mismatch',
  'bad_manifest',
  'bad_playlist',
]);

/**
 * What a stored record says of a problem — a content_log entry's detail `{ code, params?, reason? }`. Rows have
 * always kept the code beside their words (`reason`, "中文 / English"), and records never change: a row with values
 * is worded from them; a row of an import's refusal or of a library check from its code (no values needed); any
 * other (a code this release does not know, a conversion that failed) shows its stored words as they are — the
 * screen never splits them — or, without any, its code. Null when the row says nothing of a problem.
 */
export function storedProblemText(detail: { readonly [key: string]: unknown }): Bilingual | null {
  const code = typeof detail['code'] === 'string' ? detail['code'] : null;
  const params = detail['params'];
  if (code !== null && typeof params === 'object' && params !== null && code in COURSEWARE_TEXTS) return coursewareText({ code, params });
  if (code !== null && IMPORT_REFUSALS.has(code)) return coursewareText({ code, params: {} });
  if (code !== null && code in STORED_FILE_TEXTS) return STORED_FILE_TEXTS[code as StoredFileProblemCode];
  const reason = detail['reason'];
  if (typeof reason === 'string' && reason !== '') return { zh: reason, en: reason };
  return code === null ? null : { zh: code, en: code };
}
