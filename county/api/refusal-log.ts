// One log line per refusal: status, code, who asked and the Chinese-first message.
import type { FastifyRequest } from 'fastify';

export function logRefusal(request: FastifyRequest, status: number, code: string, message: string, extra: Record<string, unknown> = {}): void {
  request.log.warn({ method: request.method, url: request.url, status, code, remote: request.ip, ...extra }, message);
}
