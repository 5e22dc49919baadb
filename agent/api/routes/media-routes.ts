// Course media for the kiosk's player: local files with HTTP range support.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AgentContext } from '../../agent-context.ts';

export function mediaRoutes(_ctx: AgentContext): FastifyPluginAsyncTypebox {
  return async () => {};
}
