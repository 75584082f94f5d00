// Node has no parent-death signal: the parent's pid is read again every second, and a new one (this process was
// handed to init or a subreaper) means whoever started it is gone without passing a signal on (npm or a shell
// killed with SIGKILL, a `sh -c` that died of the SIGTERM meant for the whole).
export function watchParentProcess(onParentGone: () => void, intervalMs = 1_000): void {
  const parent = process.ppid;
  if (parent <= 1) return; // started by init itself (a container's first process): nothing to watch
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    onParentGone();
  }, intervalMs);
  timer.unref();
}
