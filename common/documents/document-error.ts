// A document that could not be made, said so a person can act on it: its code and values for the wire (the
// readers word them: protocol/refusals/document-texts.pure.ts and county-export-texts.pure.ts), `zh` and `en`
// for the screen of a reader without a catalogue, and `message` with both languages for logs and the CLI. The
// station's exports and the county's reports refine the codes.
import type { RefusalParams } from '../../protocol/refusals/refusal.pure.ts';
import { DOCUMENT_TEXTS, type DocumentRefusalCode, type DocumentRefusals } from '../../protocol/refusals/document-texts.pure.ts';

export class DocumentError<Code extends string = DocumentRefusalCode> extends Error {
  override name = 'DocumentError';
  constructor(
    readonly code: Code,
    readonly zh: string,
    readonly en: string,
    /** The values a reader fills into the code's text ({} for a refusal still said only in these words). */
    readonly params: RefusalParams = {},
  ) {
    super(`${zh} / ${en}`);
  }

  /** The renderer's refusal: its code and values, with their words. */
  static ofDocument<C extends DocumentRefusalCode>(code: C, params: DocumentRefusals[C]): DocumentError<C> {
    const text = (DOCUMENT_TEXTS[code] as (p: DocumentRefusals[C]) => { zh: string; en: string })(params);
    return new DocumentError(code, text.zh, text.en, params);
  }
}
