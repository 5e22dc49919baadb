// Writes an exported file for the CLI: never over an existing file unless forced (a copy may already be in a
// leader's hands), and through a temporary name, so an interrupted export leaves no half file behind.
import fs from 'node:fs';
import path from 'node:path';
import { CountyExportError } from './export-request.pure.ts';

export function fileExists(file: string): CountyExportError {
  return new CountyExportError('file_exists', `文件已存在：${file}（用 --force 覆盖）`, `${file} exists; use --force to replace it`);
}

export function writeExportFile(file: string, bytes: Buffer, force: boolean): void {
  if (!force && fs.existsSync(file)) throw fileExists(file);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, bytes);
  try {
    if (force) {
      fs.renameSync(temp, file);
      return;
    }
    // link() refuses an existing name, where rename() would replace a file that appeared meanwhile.
    try {
      fs.linkSync(temp, file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw fileExists(file);
      throw err;
    }
  } finally {
    fs.rmSync(temp, { force: true });
  }
}
