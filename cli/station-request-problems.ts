// How the CLI says what was wrong with a request the agent's schema refused (`invalid_request`) and a recurrence
// rule's problems (`invalid_rule`): the kiosk's words (protocol/refusals/station-problem-texts.pure.ts), Chinese
// then English on one line.
import type { RequestProblem } from '../protocol/refusals/refusal.pure.ts';
import type { RuleProblem } from '../protocol/refusals/station-refusals.pure.ts';
import { oneLine } from '../protocol/refusals/bilingual.pure.ts';
import { ruleProblemTexts, stationRequestProblemTexts } from '../protocol/refusals/station-problem-texts.pure.ts';

/** The problems, Chinese then English: at most four distinct complaints each, in the order found. */
export function stationRequestProblemsText(problems: readonly RequestProblem[]): string {
  return oneLine(stationRequestProblemTexts(problems));
}

/** One problem of a rule the agent refused, Chinese then English. */
export function ruleProblemText(p: RuleProblem): string {
  return oneLine(ruleProblemTexts(p));
}
