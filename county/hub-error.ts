// One shape for every refusal the hub gives: an HTTP status, a stable code and a Chinese-first message.
export class HubError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfterMs?: number,
    /** A repeat of a refusal already logged (a client asking again while it must wait): not logged again. */
    readonly options: { alreadyLogged?: boolean } = {},
  ) {
    super(message);
    this.name = 'HubError';
  }
}

export interface HubErrorBody {
  error: { code: string; message: string; retryAfterMs?: number };
}

export function errorBody(code: string, message: string, retryAfterMs?: number): HubErrorBody {
  return { error: retryAfterMs === undefined ? { code, message } : { code, message, retryAfterMs } };
}
