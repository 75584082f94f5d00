import { z } from "zod";

export const EPISODE_STATES = ["published", "scheduled", "draft", "importing", "failed"] as const;
export const EPISODE_SORTS = { newest: "Newest first", oldest: "Oldest first", title: "Title A–Z", longest: "Longest first" } as const;
export const EPISODES_PER_PAGE = 25;

export type EpisodeListQuery = {
  state: (typeof EPISODE_STATES)[number] | null;
  q: string;
  sort: keyof typeof EPISODE_SORTS;
  page: number;
};

const single = (value: unknown) => (Array.isArray(value) ? value[0] : value);

const fields = {
  state: z.preprocess(single, z.enum(EPISODE_STATES)),
  q: z.preprocess(single, z.string().trim().max(200)),
  sort: z.preprocess(single, z.enum(Object.keys(EPISODE_SORTS) as [keyof typeof EPISODE_SORTS])),
  page: z.preprocess(single, z.string().regex(/^[1-9][0-9]{0,5}$/).transform(Number)),
};

const MESSAGES: Record<keyof typeof fields, string> = {
  state: `Unknown state filter: showing all states (use ${EPISODE_STATES.join(", ")}).`,
  q: "The search was longer than 200 characters: showing all titles.",
  sort: "Unknown sort order: showing newest first.",
  page: "The page number must be a positive whole number: showing page 1.",
};

/**
 * The episode list's query string. Never throws: a bad value falls back to its default and is reported in
 * `problems`, so a mistyped or hostile URL still gives a working list and says what was ignored.
 */
export function parseEpisodeListQuery(searchParams: Record<string, string | string[] | undefined>): {
  query: EpisodeListQuery;
  problems: string[];
} {
  const query: EpisodeListQuery = { state: null, q: "", sort: "newest", page: 1 };
  const problems: string[] = [];
  for (const name of Object.keys(fields) as (keyof typeof fields)[]) {
    const raw = searchParams[name];
    if (raw === undefined || raw === "") continue;
    const parsed = fields[name].safeParse(raw);
    if (parsed.success) Object.assign(query, { [name]: parsed.data });
    else problems.push(MESSAGES[name]);
  }
  return { query, problems };
}

/** The query string for a list link, without defaults. */
export function episodeListHref(basePath: string, query: EpisodeListQuery, change: Partial<EpisodeListQuery> = {}): string {
  const next = { ...query, ...change };
  const params = new URLSearchParams();
  if (next.state) params.set("state", next.state);
  if (next.q) params.set("q", next.q);
  if (next.sort !== "newest") params.set("sort", next.sort);
  if (next.page > 1) params.set("page", String(next.page));
  const search = params.toString();
  return search ? `${basePath}?${search}` : basePath;
}
