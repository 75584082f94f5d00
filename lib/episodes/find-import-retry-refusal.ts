/**
 * Why the creator may not retry (or re-run) an episode's import from Podhaven, or null when they may: not without
 * a connection, nor when its last import failed inside Auphonic (the production failed or was deleted there),
 * which no retry can fix. The one spelling of the rule: the pages hide the button by it, retryImport refuses by it.
 */
export function findImportRetryRefusal(episode: { connectionId: string | null; importErrorKind: string | null; productionUuid?: string | null; source?: string }): string | null {
  if (episode.productionUuid === null && episode.source === "upload") return "This episode's audio was uploaded in Podhaven; it has no Auphonic production to import. Use “Replace audio” to change it.";
  if (episode.productionUuid === null) return "This episode was moved in from another host; it has no Auphonic production to import.";
  if (episode.connectionId === null) return "This episode has no Auphonic connection to import from.";
  if (episode.importErrorKind === "auphonic") {
    return "Retrying cannot fix this: the production failed or was removed in Auphonic. Fix it there and run it again; its delivery imports it here.";
  }
  return null;
}
