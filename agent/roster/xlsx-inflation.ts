// Refuses an XLSX (a zip) whose parts inflate past the cap before anything reads it whole: a zip bomb stops at the
// cap, not at memory or at the disk of the temporary files exceljs's streaming reader writes.
//
// The parts are walked exactly as exceljs's own streaming reader walks them — with its own copy of unzipper, local
// header after local header — so the sizes checked here are the sizes exceljs will meet: a crafted zip cannot show
// this check a small central directory and exceljs a large hidden entry.
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import { RosterError } from './roster-error.pure.ts';
import { MAX_XLSX_ENTRIES, MAX_XLSX_INFLATED_BYTES, count } from './roster-limits.pure.ts';

interface ZipEntry extends AsyncIterable<Buffer> {
  path: string;
  vars: { flags: number; compressedSize: number; uncompressedSize: number };
  destroy(): void;
}

interface Unzipper {
  Parse(options: { forceStream: true }): NodeJS.ReadWriteStream & AsyncIterable<ZipEntry> & { destroy(): void };
}

let unzipper: Unzipper | undefined;

/** exceljs's own unzipper (a dependency of exceljs, so it is where exceljs is, in a checkout and in a package). */
function exceljsUnzipper(): Unzipper {
  if (unzipper === undefined) {
    const require = createRequire(import.meta.url);
    unzipper = createRequire(require.resolve('exceljs'))('unzipper') as Unzipper;
  }
  return unzipper;
}

const MB = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;

function tooBig(fileName: string): RosterError {
  return new RosterError(
    'file_too_large',
    `Excel 文件 ${fileName} 解压后超过 ${MB(MAX_XLSX_INFLATED_BYTES)}，不像是一份名册（名册解压后通常不到 10 MB）；请只保留名册这一张表后另存为 .xlsx 再导入`,
    `Excel file ${fileName} inflates past ${MB(MAX_XLSX_INFLATED_BYTES)}, which no roster does (one is usually under 10 MB): keep only the roster sheet, save as .xlsx and import that`,
  );
}

/** Inflates every part once, counting, and refuses at the first byte past a part's declared size or the workbook's cap. */
export async function checkXlsxInflation(bytes: Buffer, fileName: string): Promise<void> {
  const zip = exceljsUnzipper().Parse({ forceStream: true });
  const source = Readable.from([bytes]);
  source.pipe(zip);
  let entries = 0;
  let total = 0;
  try {
    for await (const entry of zip) {
      if (++entries > MAX_XLSX_ENTRIES) {
        throw new RosterError(
          'unreadable_file',
          `Excel 文件 ${fileName} 里有超过 ${count(MAX_XLSX_ENTRIES)} 个部件，不像是一份名册；请另存为新的 .xlsx 再导入`,
          `Excel file ${fileName} holds more than ${count(MAX_XLSX_ENTRIES)} parts, which no roster does: save it as a new .xlsx`,
        );
      }
      const { flags, compressedSize, uncompressedSize } = entry.vars;
      // A size in the local header is binding unless the entry defers it to a data descriptor (flag bit 3).
      const declared = (flags & 0x08) === 0 || compressedSize > 0 ? uncompressedSize : null;
      if (declared !== null && total + declared > MAX_XLSX_INFLATED_BYTES) throw tooBig(fileName);
      let inflated = 0;
      for await (const chunk of entry) {
        inflated += chunk.length;
        total += chunk.length;
        if (total > MAX_XLSX_INFLATED_BYTES) throw tooBig(fileName);
        if (declared !== null && inflated > declared) {
          throw new RosterError(
            'unreadable_file',
            `Excel 文件 ${fileName} 已损坏：其中 ${entry.path} 解压后比它声明的大；请在 Excel 中打开后另存为新的 .xlsx`,
            `Excel file ${fileName} is damaged: its part ${entry.path} inflates past its declared size; open it in Excel and save it as a new .xlsx`,
          );
        }
      }
    }
  } catch (err) {
    if (err instanceof RosterError) throw err;
    const detail = err instanceof Error ? err.message : String(err);
    throw new RosterError(
      'unreadable_file',
      `无法打开 Excel 文件 ${fileName}（文件可能已损坏或不是 .xlsx）：${detail}`,
      `cannot open Excel file ${fileName} (damaged, or not .xlsx): ${detail}`,
    );
  } finally {
    source.unpipe(zip);
    source.destroy();
    zip.destroy();
  }
  if (entries === 0) {
    throw new RosterError('unreadable_file', `无法打开 Excel 文件 ${fileName}（文件已损坏或不是 .xlsx）`, `cannot open Excel file ${fileName} (damaged, or not .xlsx)`);
  }
}
