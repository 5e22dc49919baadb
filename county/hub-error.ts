// One shape for every refusal the hub gives: an HTTP status, a stable code and a Chinese-first message (the
// family both programs share: common/coded-error.ts).
import { HttpRefusal } from '../common/coded-error.ts';

export class HubError extends HttpRefusal {
  override name = 'HubError';
}
