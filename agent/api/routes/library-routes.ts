// Admin: the courseware library — importing from a USB stick or a URL, and conversion progress.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AgentContext } from '../../agent-context.ts';

export function libraryRoutes(_ctx: AgentContext): FastifyPluginAsyncTypebox {
  return async () => {};
}
