// What the hub tells a station whose report its schema refused (`malformed` on /api/v1, which still carries words:
// the agent logs and shows them): the dashboard's words (protocol/refusals/hub-problem-texts.pure.ts), Chinese
// then English on one line.
import type { RequestProblem } from '../../protocol/refusals/refusal.pure.ts';
import { oneLine } from '../../protocol/refusals/bilingual.pure.ts';
import { hubRequestProblemTexts } from '../../protocol/refusals/hub-problem-texts.pure.ts';

/** The problems, Chinese then English: at most four distinct complaints each, in the order found. */
export function stationFacingProblemsText(problems: readonly RequestProblem[]): string {
  return oneLine(hubRequestProblemTexts(problems));
}
