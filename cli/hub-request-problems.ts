// How the CLI says what was wrong with a request the hub's schema refused (`invalid_request`): the dashboard's
// words every server's refusal is said in (protocol/refusals/request-problem-texts.pure.ts), Chinese then English on one line.
import type { RequestProblem } from '../protocol/refusals/refusal.pure.ts';
import { oneLine } from '../protocol/refusals/bilingual.pure.ts';
import { requestProblemTexts } from '../protocol/refusals/request-problem-texts.pure.ts';

/** The problems, Chinese then English: at most four distinct complaints each, in the order found. */
export function hubRequestProblemsText(problems: readonly RequestProblem[]): string {
  return oneLine(requestProblemTexts(problems));
}
