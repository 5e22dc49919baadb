// How the screen says what was wrong with a request the agent's schema refused (`invalid_request`) and a
// recurrence rule's problems (`invalid_rule`): the half in the screen's language of the words both the kiosk and
// the CLI say (protocol/refusals/station-problem-texts.pure.ts).
import type { RequestProblem } from '../../../../protocol/refusals/refusal.pure.ts';
import type { RuleProblem } from '../../../../protocol/refusals/station-refusals.pure.ts';
import { ruleProblemsTexts, stationRequestProblemTexts } from '../../../../protocol/refusals/station-problem-texts.pure.ts';

type Lang = 'zh' | 'en';

/** The problems in one language: at most four distinct complaints, in the order found. */
export function requestProblemsText(problems: readonly RequestProblem[], lang: Lang): string {
  return stationRequestProblemTexts(problems)[lang];
}

/** Every problem of a rule the agent refused, in one language. */
export function ruleProblemsText(problems: readonly RuleProblem[], lang: Lang): string {
  return ruleProblemsTexts(problems)[lang];
}
