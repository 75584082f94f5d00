// Module resolve hook for processes that run app modules outside Next.js (server.ts, workers, scripts): the
// `server-only` marker throws unless resolved under the "react-server" condition, which such a process is.
export async function resolve(specifier, context, nextResolve) {
  if (specifier === "server-only") return { url: "data:text/javascript,", shortCircuit: true };
  return nextResolve(specifier, context);
}
