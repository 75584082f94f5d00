/**
 * How a production is named to the creator: its episode's title; else a title known otherwise (a deleted
 * production's, say); only then its uuid. An import that failed before Auphonic's metadata came has no title.
 */
export function describeProduction(production: { title?: string | null; productionUuid: string | null }, fallbackTitle?: string | null): string {
  // An episode moved in from another host (lib/move-in/) has no production, but always a title.
  return production.title?.trim() || fallbackTitle?.trim() || (production.productionUuid ? `Production ${production.productionUuid}` : "Untitled episode");
}
