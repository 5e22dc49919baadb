// The sampler child process: answers each measurement request from the agent over IPC. It runs apart from
// the agent because several systeminformation calls run shell commands synchronously; a hung one blocks
// only this process, which the agent then kills and starts again.
//
// argv[2], when given, is the URL of a module exporting `probes` to use instead of the real ones (tests
// use it to hang a probe on purpose; production never passes it).
import { measureMachine, type MeasureRequest } from './measure-machine.ts';
import type { Probes } from './probes.ts';

interface Request {
  id: number;
  request: MeasureRequest;
}

const probesModule = process.argv[2];
const { probes } = (probesModule ? await import(probesModule) : await import('./probes.ts').then((m) => ({ probes: m.systemProbes }))) as { probes: Probes };

// The agent went away (crashed, killed): nobody will read our answers, so do not linger.
process.on('disconnect', () => process.exit(0));

process.on('message', (message: Request) => {
  void measureMachine(probes, message.request).then(
    (sample) => process.send?.({ id: message.id, sample }),
    (err: unknown) => process.send?.({ id: message.id, error: err instanceof Error ? err.message : String(err) }),
  );
});
