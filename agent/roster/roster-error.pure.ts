// A roster failure a person can act on, with its code: what the store, the file reader and the import refuse. Pure.
import { refusalLine } from '../../common/coded-error.pure.ts';
import type { RefusalParams } from '../../protocol/refusals/refusal.pure.ts';
import type { StationRefusalCode, StationRefusals } from '../../protocol/refusals/station-refusals.pure.ts';
import type { Bilingual } from '../../protocol/refusals/bilingual.pure.ts';
import { ROSTER_FILE_TEXTS, type RosterFileCode } from '../../protocol/refusals/roster-file-texts.pure.ts';

export type RosterErrorCode =
  | 'member_not_found'
  /** The mobile-member ledger's (agent/roster/mobile-flow.ts). */
  | 'flow_member_not_found'
  | 'ledger_entry_not_found'
  | 'duplicate_card'
  | 'invalid_member'
  | 'invalid_date'
  | 'invalid_phone_tail'
  | 'invalid_month'
  | 'invalid_reason'
  /** The file reader's (agent/roster/roster-file.ts, roster-reader.ts) and the import's header checks. */
  | RosterFileCode
  | 'roster_full'
  | 'history_confirm_needed'
  | 'invalid_flow';

/** The member store's refusals, said from the catalogues (protocol/refusals/station-refusals.pure.ts). */
export type RosterStoreCode = Extract<RosterErrorCode, StationRefusalCode>;

/**
 * A roster failure a person can act on, with its values (`params`), which the kiosk and the CLI word. The file
 * reader's also keep their words in both languages (`zh`, `en`, and `message` as "中文 / English"), from the same
 * texts the readers use (protocol/refusals/roster-file-texts.pure.ts), for the logs and the CLI.
 */
export class RosterError extends Error {
  override name = 'RosterError';
  readonly code: RosterErrorCode;
  readonly zh: string;
  readonly en: string;
  /** The values the readers fill into the code's text. */
  readonly params: RefusalParams;

  /** For history_confirm_needed: the months ('YYYY-MM') whose printed, exported or reported records the change would alter. */
  readonly months: string[] | undefined;

  constructor(code: RosterErrorCode, zh: string, en: string, months: string[] | undefined, params: RefusalParams) {
    super(zh === '' ? refusalLine(code, params) : `${zh} / ${en}`);
    this.code = code;
    this.zh = zh;
    this.en = en;
    this.months = months;
    this.params = params;
  }

  /** A member store refusal: its code and exactly the values the code carries. */
  static of<C extends RosterStoreCode>(code: C, params: StationRefusals[C]): RosterError {
    return new RosterError(code, '', '', undefined, params);
  }

  /** A roster file refused: its code and values, with their words. */
  static ofFile<C extends RosterFileCode>(code: C, params: StationRefusals[C]): RosterError {
    const text = (ROSTER_FILE_TEXTS[code] as (p: StationRefusals[C]) => Bilingual)(params);
    return new RosterError(code, text.zh, text.en, undefined, params);
  }
}
