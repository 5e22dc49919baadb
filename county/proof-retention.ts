// Proof-of-viewing pictures (收看留证) are kept a year at the hub, then deleted with their events rows (the
// only events a non-routine type loses: a picture of a room of people is kept no longer than it is useful).
// Run by the event retention job (event-retention.ts), in short steps that yield to ingest.
import type { HubContext } from './hub-context.ts';
import { HUB_PROOF_KEEP_DAYS } from './store/proof-store.ts';

const DAY_MS = 86_400_000;
const STEP = 200;

export async function pruneViewingProofs(ctx: HubContext, options: { keepDays?: number } = {}): Promise<number> {
  const cutoff = ctx.now() - (options.keepDays ?? HUB_PROOF_KEEP_DAYS) * DAY_MS;
  let deleted = 0;
  for (;;) {
    const step = await ctx.proofs.pruneStep(cutoff, STEP);
    deleted += step;
    if (step < STEP) return deleted;
    await new Promise((resolve) => setImmediate(resolve));
  }
}
