// exceljs (~20 MB resident) is loaded with the first spreadsheet read or written, not when the agent or the hub
// starts: a terminal runs for weeks without touching one, and its memory is small.
import type ExcelJS from 'exceljs';

export async function loadExcelJs(): Promise<typeof ExcelJS> {
  return (await import('exceljs')).default;
}
