// Refuses an XLSX (a zip) whose parts inflate past the cap before anything reads it whole: a zip bomb stops at the
// cap, not at memory or at the disk of the temporary files exceljs's streaming reader writes.
//
// The parts are walked exactly as exceljs's own streaming reader walks them — with its own copy of unzipper, local
// header after local header — so the sizes checked here are the sizes exceljs will meet: a crafted zip cannot show
// this check a small central directory and exceljs a large hidden entry.
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import { RosterError } from './roster-error.pure.ts';
import { MAX_XLSX_ENTRIES, MAX_XLSX_INFLATED_BYTES } from './roster-limits.pure.ts';

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

function tooBig(fileName: string): RosterError {
  return RosterError.ofFile('file_too_large', { problem: 'inflated', fileName, maxMb: Number((MAX_XLSX_INFLATED_BYTES / 1024 / 1024).toFixed(0)) });
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
        throw RosterError.ofFile('unreadable_file', { problem: 'xlsx_parts', fileName, max: MAX_XLSX_ENTRIES });
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
          throw RosterError.ofFile('unreadable_file', { problem: 'xlsx_part', fileName, part: entry.path });
        }
      }
    }
  } catch (err) {
    if (err instanceof RosterError) throw err;
    const detail = err instanceof Error ? err.message : String(err);
    throw RosterError.ofFile('unreadable_file', { problem: 'xlsx', fileName, detail });
  } finally {
    source.unpipe(zip);
    source.destroy();
    zip.destroy();
  }
  if (entries === 0) {
    throw RosterError.ofFile('unreadable_file', { problem: 'not_xlsx', fileName });
  }
}
