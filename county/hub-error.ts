// One shape for every refusal the hub gives: an HTTP status, a stable code and its values (the family both
// programs share: common/coded-error.pure.ts). The words are the readers': protocol/refusals/hub-refusals.pure.ts
// lists the staff-facing codes and what each carries; the dashboard and the CLI say them.
import { HttpRefusal, type RefusalDetail, type RefusalOptions } from '../common/coded-error.pure.ts';
import type { HubRefusalCode, HubRefusals } from '../protocol/refusals/hub-refusals.pure.ts';

/**
 * What a refusal with code C says besides its code: for a listed code exactly its values; for one not listed
 * (a station's refusal on /api/v1, a CLI-only one), its words, Chinese / English.
 */
export type HubDetail<C extends string> = C extends HubRefusalCode ? HubRefusals[C] : RefusalDetail;

export class HubError<C extends string = string> extends HttpRefusal<C> {
  override name = 'HubError';

  constructor(status: number, code: C, detail: HubDetail<C>, retryAfterMs?: number, options: RefusalOptions = {}) {
    super(status, code, detail, retryAfterMs, options);
  }
}
