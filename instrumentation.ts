// Runs once when the Next.js server starts: the import worker lives in the app's process.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startImportWorker } = await import("./lib/jobs/import-worker");
    startImportWorker();
  }
}
