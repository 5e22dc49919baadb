// A roster failure a person can act on, with its code: what the store, the file reader and the import refuse. Pure.

export type RosterErrorCode =
  | 'not_found'
  | 'duplicate_card'
  | 'invalid_member'
  | 'invalid_date'
  | 'invalid_phone_tail'
  | 'invalid_month'
  | 'invalid_reason'
  | 'unsupported_file'
  | 'unreadable_file'
  | 'empty_file'
  | 'missing_header'
  | 'duplicate_header'
  | 'file_too_large'
  | 'too_many_rows'
  | 'too_many_columns'
  | 'cell_too_long'
  | 'read_timeout'
  | 'roster_busy'
  | 'roster_full'
  | 'history_confirm_needed'
  | 'invalid_flow';

/** A roster failure a person can act on: `zh` is shown on screen, `message` carries both languages for logs. */
export class RosterError extends Error {
  override name = 'RosterError';
  readonly code: RosterErrorCode;
  readonly zh: string;
  readonly en: string;

  /** For history_confirm_needed: the months ('YYYY-MM') whose printed, exported or reported records the change would alter. */
  readonly months: string[] | undefined;

  constructor(code: RosterErrorCode, zh: string, en: string, months?: string[]) {
    super(`${zh} / ${en}`);
    this.code = code;
    this.zh = zh;
    this.en = en;
    this.months = months;
  }
}
