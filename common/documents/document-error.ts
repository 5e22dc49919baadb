// A document that could not be made, said so a person can act on it: `zh` for the screen, `message` with
// both languages for logs and the CLI. The station's exports and the county's reports refine the codes.
export class DocumentError<Code extends string = 'no_browser' | 'pdf_failed' | 'pdf_busy' | 'pdf_timeout'> extends Error {
  override name = 'DocumentError';
  constructor(
    readonly code: Code,
    readonly zh: string,
    readonly en: string,
  ) {
    super(`${zh} / ${en}`);
  }
}
