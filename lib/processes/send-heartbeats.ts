// A web process started by the supervisor (lib/processes/supervise-web-processes.ts) says every second that its
// event loop runs; a loop blocked by long synchronous work sends nothing, and the supervisor replaces the process.
export const HEARTBEAT_MESSAGE = "podhaven:heartbeat";

export function sendHeartbeats(intervalMs = 1_000): void {
  const beat = () => {
    if (process.connected) process.send?.(HEARTBEAT_MESSAGE);
  };
  beat();
  setInterval(beat, intervalMs).unref();
}
