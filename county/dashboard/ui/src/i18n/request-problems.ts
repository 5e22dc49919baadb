// How the dashboard says what was wrong with a request the hub's schema refused (`invalid_request`): the half in
// the dashboard's language of the words the hub CLI and the kiosk say too (protocol/refusals/request-problem-texts.pure.ts).
import type { RequestProblem } from '../../../../../protocol/refusals/refusal.pure.ts';
import { requestProblemTexts } from '../../../../../protocol/refusals/request-problem-texts.pure.ts';
import type { Locale } from './i18n.ts';

/** The problems in one language: at most four distinct complaints, in the order found. */
export function requestProblemsText(problems: readonly RequestProblem[], language: Locale): string {
  const texts = requestProblemTexts(problems);
  return language === 'zh-CN' ? texts.zh : texts.en;
}
