// What a failed import says when Podhaven had no working Auphonic token: the run found none to use or Auphonic
// refused it (lib/episodes/import-production.ts), or Auphonic refused it for a result download
// (open-result-download.ts). A sign-in queues the imports that failed with these again
// (lib/users/retry-imports-awaiting-token.ts): one spelling each, so the two cannot drift apart.
export const RECONNECT_TO_IMPORT = "Reconnect your Auphonic account, then retry the import.";
export const TOKEN_REFUSED = "Auphonic refused the token.";
