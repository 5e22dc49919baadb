// A text in both of the readers' languages, as the shared catalogues of a refusal's problems give it
// (`*-texts.pure.ts` beside this file): a screen shows the half in its language, the CLI and a server's words to a
// station say both on one line. Its own module, without typebox, so the screens and the CLI load nothing more.

export type Bilingual = { readonly zh: string; readonly en: string };

/** Chinese, then English, on one line: how the CLI says a text, and the hub's words to a station. */
export function oneLine(text: Bilingual): string {
  return `${text.zh} / ${text.en}`;
}
