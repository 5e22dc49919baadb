// What the month still needs (达标进度), for the board's admin line and the admin home: the current month's
// compliance as the monthly report judges it (agent/reports/compliance-ahead.pure.ts), and the 三会一课 rhythm as
// of today. Public like the board: it names nobody, only the station's counts.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AgentContext } from '../../agent-context.ts';
import { readStationSettings } from '../../settings/settings-store.ts';
import { localDateOf } from '../../clock/local-time.pure.ts';
import { monthlyReport, type MonthlyReport } from '../../reports/monthly-report.ts';
import { rhythmAsOf } from '../../activities/activity-rhythm.ts';
import type { RhythmLine } from '../../../protocol/branch-rhythm.pure.ts';
import { ComplianceViewSchema } from '../schemas/records-schemas.pure.ts';

export interface ComplianceView {
  month: string;
  compliance: MonthlyReport['compliance'];
  /** Registered members with no group viewing of the month yet: how many a make-up showing (补学) is for. */
  notStudied: number;
  makeUpMembers: number;
  /** The 三会一课 rhythm as of today (each kind's month or quarter so far): the board says what is still to hold. */
  rhythm: RhythmLine[];
}

export function complianceRoutes(ctx: AgentContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get('/api/compliance', { schema: { response: { 200: ComplianceViewSchema } } }, async (): Promise<ComplianceView> => {
      const now = ctx.now();
      const today = localDateOf(now, readStationSettings(ctx.db).timeZone);
      const month = today.slice(0, 7);
      const r = monthlyReport(ctx.db, month, now);
      return { month, compliance: r.compliance, notStudied: r.makeUp.notStudied.length, makeUpMembers: r.makeUp.members.length, rhythm: rhythmAsOf(ctx.db, today) };
    });
  };
}
