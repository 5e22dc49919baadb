// How a service learns it is to stop: Ctrl+C or systemd's SIGTERM.

/**
 * Resolves on the first SIGINT or SIGTERM. Call it before the service starts: a stop that comes while it
 * is still starting (systemctl stop at boot, a restart twice in a row) then waits for the start and ends
 * cleanly, instead of Node's default of dying on the signal with the database open.
 */
export function stopRequested(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
