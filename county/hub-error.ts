// One shape for every refusal the hub gives: an HTTP status, a stable code and its values (the family both
// programs share: common/coded-error.pure.ts). The words are the readers': protocol/refusals/hub-refusals.pure.ts
// lists the staff-facing codes and what each carries; the dashboard and the CLI say them.
import { HttpRefusal, type RefusalDetail, type RefusalOptions } from '../common/coded-error.pure.ts';
import type { HubRefusalCode, HubRefusals } from '../protocol/refusals/hub-refusals.pure.ts';
import type { StationFacingCode, StationFacingRefusals } from '../protocol/refusals/station-facing-texts.pure.ts';

/**
 * What a refusal with code C says besides its code: for a listed code exactly its values — a staff refusal's
 * (HubRefusals) or a station's on /api/v1 (StationFacingRefusals); for one not listed (a CLI-only one), its words.
 */
export type HubDetail<C extends string> = C extends HubRefusalCode ? HubRefusals[C] : C extends StationFacingCode ? StationFacingRefusals[C] : RefusalDetail;

export class HubError<C extends string = string> extends HttpRefusal<C> {
  override name = 'HubError';

  constructor(status: number, code: C, detail: HubDetail<C>, retryAfterMs?: number, options: RefusalOptions = {}) {
    super(status, code, detail, retryAfterMs, options);
  }
}
