// The words for why a roster file was refused (agent/roster/roster-file.ts, roster-reader.ts, roster-import.ts:
// unreadable, too large, headers, caps …), in Chinese and English: the one place they are written. The kiosk shows
// the half in its language, the CLI both on one line (their catalogues spread `rosterFileCatalogue`), and the
// agent keeps both on its RosterError for its logs and the tests. Pure, and free of typebox, so the screen's
// bundle may run it.
import type { Bilingual } from './bilingual.pure.ts';
import type { RefusalCatalogue } from './refusal.pure.ts';
import type { HeaderProblem, RosterFieldName, StationRefusals } from './station-refusals.pure.ts';

/** The roster fields as a roster file's columns are headed, in each language. */
export const ROSTER_FIELD_LABELS: Record<RosterFieldName, Bilingual> = {
  name: { zh: '姓名', en: 'name' },
  gender: { zh: '性别', en: 'gender' },
  category: { zh: '类别', en: 'category' },
  hardship: { zh: '困难党员', en: 'hardship' },
  branch: { zh: '所在支部', en: 'branch' },
  cardUid: { zh: '卡号', en: 'card UID' },
  phone: { zh: '手机号', en: 'phone' },
  activeFrom: { zh: '起始日期', en: 'active from' },
  activeTo: { zh: '截止日期', en: 'active to' },
};

/** 5000 → "5,000": the counts read the way the caps are written in the docs. */
const count = (n: number): string => n.toLocaleString('en-US');
const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);

function headerProblem(p: HeaderProblem): Bilingual {
  if (p.problem === 'duplicate') {
    const label = ROSTER_FIELD_LABELS[p.field];
    return { zh: `“${label.zh}”出现在多列（${p.columns.join('、')}），请只保留一列`, en: `more than one column means ${label.en} (${p.columns.join(', ')}); keep only one` };
  }
  return {
    zh: `缺少必需的列：${p.fields.map((f) => ROSTER_FIELD_LABELS[f].zh).join('、')}（表头中找到：${p.found.join('、') || '无'}）`,
    en: `required column missing: ${p.fields.map((f) => ROSTER_FIELD_LABELS[f].en).join(', ')} (header has: ${p.found.join(', ') || 'nothing'})`,
  };
}

function headerProblems(problems: readonly HeaderProblem[]): Bilingual {
  const texts = problems.map(headerProblem);
  return { zh: texts.map((t) => t.zh).join('；'), en: texts.map((t) => t.en).join('; ') };
}

export type RosterFileCode =
  | 'unsupported_file'
  | 'unreadable_file'
  | 'empty_file'
  | 'file_too_large'
  | 'too_many_rows'
  | 'too_many_columns'
  | 'cell_too_long'
  | 'read_timeout'
  | 'roster_busy'
  | 'missing_header'
  | 'duplicate_header';

type RosterFileRefusals = Pick<StationRefusals, RosterFileCode>;

export const ROSTER_FILE_TEXTS: { readonly [C in RosterFileCode]: (params: RosterFileRefusals[C]) => Bilingual } = {
  unsupported_file: ({ fileName: f, kind }) =>
    kind === 'old_excel'
      ? { zh: `不支持旧版 Excel 文件 ${f}，请在 Excel 或 WPS 中“另存为” .xlsx 或 CSV 后再导入`, en: `old binary Excel file ${f} is not supported; save it as .xlsx or CSV and import that` }
      : { zh: `无法识别文件 ${f} 的类型，请导入 .xlsx 或 .csv 文件`, en: `cannot tell what ${f} is; import an .xlsx or .csv file` },
  unreadable_file: (p) => {
    const f = p.fileName;
    switch (p.problem) {
      case 'excel_as_csv':
        return { zh: `${f} 实际上是 Excel 工作簿而不是 CSV，请把扩展名改为 .xlsx，或在 Excel 中另存为 CSV`, en: `${f} is an Excel workbook, not CSV; rename it to .xlsx or save it as CSV` };
      case 'utf16':
        return { zh: `${f} 是 UTF-16（“Unicode 文本”）编码，请在 Excel 中另存为“CSV UTF-8（逗号分隔）”`, en: `${f} is UTF-16 ("Unicode text"); save it as "CSV UTF-8 (comma delimited)"` };
      case 'not_text':
        return { zh: `${f} 不是文本文件，无法按 CSV 读取`, en: `${f} is not a text file and cannot be read as CSV` };
      case 'not_xlsx':
        return { zh: `无法打开 Excel 文件 ${f}（文件已损坏或不是 .xlsx）`, en: `cannot open Excel file ${f} (damaged, or not .xlsx)` };
      case 'csv':
        return { zh: `无法读取 CSV 文件 ${f}：${p.detail}`, en: `cannot read CSV file ${f}: ${p.detail}` };
      case 'xlsx':
        return { zh: `无法打开 Excel 文件 ${f}（文件可能已损坏或不是 .xlsx）：${p.detail}`, en: `cannot open Excel file ${f} (damaged, or not .xlsx): ${p.detail}` };
      case 'xlsx_parts':
        return {
          zh: `Excel 文件 ${f} 里有超过 ${count(p.max)} 个部件，不像是一份名册；请另存为新的 .xlsx 再导入`,
          en: `Excel file ${f} holds more than ${count(p.max)} parts, which no roster does: save it as a new .xlsx`,
        };
      case 'xlsx_part':
        return {
          zh: `Excel 文件 ${f} 已损坏：其中 ${p.part} 解压后比它声明的大；请在 Excel 中打开后另存为新的 .xlsx`,
          en: `Excel file ${f} is damaged: its part ${p.part} inflates past its declared size; open it in Excel and save it as a new .xlsx`,
        };
    }
  },
  empty_file: (p) => {
    switch (p.problem) {
      case 'no_upload':
        return { zh: '没有收到文件内容', en: 'no file content received (send it as application/octet-stream)' };
      case 'no_bytes':
        return { zh: `文件 ${p.fileName} 是空的`, en: `file ${p.fileName} is empty` };
      case 'no_sheet':
        return { zh: `Excel 文件 ${p.fileName} 中没有工作表`, en: `Excel file ${p.fileName} has no worksheet` };
      case 'no_rows':
        return { zh: `文件 ${p.fileName} 中没有内容`, en: `file ${p.fileName} has nothing in it` };
    }
  },
  file_too_large: (p) => {
    const f = p.fileName;
    switch (p.problem) {
      case 'bytes':
        return {
          zh: `文件 ${f} 有 ${mb(p.bytes)} MB，名册文件最大 ${mb(p.max)} MB；请只保留名册这一张表，删去图片和其他内容后再导入`,
          en: `file ${f} is ${mb(p.bytes)} MB; a roster file may be at most ${mb(p.max)} MB: keep only the roster sheet, without pictures or other content`,
        };
      case 'inflated':
        return {
          zh: `Excel 文件 ${f} 解压后超过 ${p.maxMb} MB，不像是一份名册（名册解压后通常不到 10 MB）；请只保留名册这一张表后另存为 .xlsx 再导入`,
          en: `Excel file ${f} inflates past ${p.maxMb} MB, which no roster does (one is usually under 10 MB): keep only the roster sheet, save as .xlsx and import that`,
        };
      case 'memory':
        return {
          zh: `读取文件 ${f} 所需的内存超过 ${p.maxMb} MB，已放弃；名册文件不应这么大，请只保留名册这一张表后再导入`,
          en: `reading ${f} needed more than ${p.maxMb} MB of memory and was given up; keep only the roster sheet and import again`,
        };
    }
  },
  too_many_rows: ({ fileName: f, rowNumber, max }) => ({
    zh: `文件 ${f} 超过 ${count(max)} 名党员（到第 ${count(rowNumber)} 行已超出），名册最多 ${count(max)} 人；请确认选对了文件，或按支部分成几个文件导入`,
    en: `file ${f} holds more than ${count(max)} members (past the cap by row ${count(rowNumber)}); a roster has at most ${count(max)}: check it is the right file, or import one branch at a time`,
  }),
  too_many_columns: ({ fileName: f, rowNumber, column, max }) => ({
    zh: `文件 ${f} 第 ${count(rowNumber)} 行第 ${count(column)} 列有内容，名册最多读 ${max} 列；请删去多余的列`,
    en: `row ${count(rowNumber)} of ${f} has something in column ${count(column)}; a roster is read up to column ${max}: delete the extra columns`,
  }),
  cell_too_long: (p) =>
    p.problem === 'cell'
      ? {
          zh: `文件 ${p.fileName} 第 ${count(p.rowNumber)} 行第 ${p.column} 列有 ${count(p.length)} 个字，一格最多 ${count(p.max)} 个字；请改短后再导入`,
          en: `row ${count(p.rowNumber)}, column ${p.column} of ${p.fileName} holds ${count(p.length)} characters; a cell may hold at most ${count(p.max)}: shorten it`,
        }
      : {
          zh: `CSV 文件 ${p.fileName} 第 ${p.rowNumber} 行过长（超过 ${count(p.max)} 个字），可能是某个引号没有配对；请在 Excel 中检查这一行`,
          en: `row ${p.rowNumber} of CSV file ${p.fileName} is longer than ${count(p.max)} characters, perhaps an unmatched quote; check that row in Excel`,
        },
  read_timeout: ({ fileName: f, seconds }) => ({
    zh: `读取文件 ${f} 超过 ${seconds} 秒仍未完成，已放弃；名册文件不应这么大，请确认选对了文件，或只保留名册这一张表后再导入`,
    en: `reading ${f} took longer than ${seconds} s and was given up; no roster is that large: check the file, or keep only the roster sheet`,
  }),
  roster_busy: () => ({ zh: '另一份名册正在读取，请等它完成后再导入', en: 'another roster file is being read; import again when it is done' }),
  missing_header: ({ problems }) => headerProblems(problems),
  duplicate_header: ({ problems }) => headerProblems(problems),
};

/** An import that would put more members on the roster than its cap (roster_full with `after`). */
export function rosterFullAfterImport({ after, max }: { after: number; max: number }): Bilingual {
  return {
    zh: `导入后名册将有 ${count(after)} 人，超过上限 ${count(max)} 人，未导入任何数据；请确认选对了文件，或先为已离开的党员填写截止日期`,
    en: `after this import the roster would hold ${count(after)} members, past the cap of ${count(max)}; nothing was imported: check the file, or give members who left an active-to date first`,
  };
}

/** The roster file's refusals as a reader's catalogue: `say` picks a language (a screen) or both (the CLI). */
export function rosterFileCatalogue(say: (text: Bilingual) => string): RefusalCatalogue<RosterFileRefusals> {
  const texts = ROSTER_FILE_TEXTS as unknown as Record<string, (params: unknown) => Bilingual>;
  return Object.fromEntries(Object.entries(texts).map(([code, text]) => [code, (params: unknown) => say(text(params))])) as unknown as RefusalCatalogue<RosterFileRefusals>;
}
