// Device health for the admin screen.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AgentContext } from '../../agent-context.ts';

export function deviceRoutes(_ctx: AgentContext): FastifyPluginAsyncTypebox {
  return async () => {};
}
