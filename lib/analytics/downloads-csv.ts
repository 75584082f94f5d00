import { stringify } from "csv-stringify/sync";
import type { EpisodeDownloads } from "./get-show-analytics";

export const CSV_COLUMNS = ["guid", "title", "downloads_7d", "downloads_30d", "downloads_total"] as const;

/**
 * One row per episode, RFC 4180 (csv-stringify). A title that a spreadsheet would run as a formula (=, +, -, @
 * first) is written with a leading apostrophe, as OWASP advises for CSV exports.
 */
export function downloadsCsv(episodes: EpisodeDownloads[]): string {
  return stringify(
    episodes.map((episode) => [episode.guid, defuseFormula(episode.title), episode.downloads7d, episode.downloads30d, episode.downloadsTotal]),
    { header: true, columns: [...CSV_COLUMNS], record_delimiter: "\r\n" },
  );
}

function defuseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
