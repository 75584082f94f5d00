import { EPISODE_TEXT_LIMITS } from "@/lib/episodes/episode-input";
import { shortenText as shorten } from "@/lib/forms/shorten-text";
import { htmlToPlainText } from "@/lib/html/html-to-plain-text";
import { SHOW_TEXT_LIMITS } from "@/lib/shows/show-input";
import type { OldFeed } from "./parse-old-feed";

// An old feed's text as the show and episode forms would take it: a moved-in show obeys the limits a typed one does
// (a 50,000-character title once went into a feed). What is shortened is said: the show's notes on the preview and
// in the move-in's report, each episode's in its own line of the report (MoveInItem.warnings).

const INVISIBLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]/g;
const oneLine = (text: string) => text.replace(INVISIBLE, "").replace(/\s+/g, " ").trim();
const multiline = (text: string) => text.replace(INVISIBLE, "").replace(/[ \t]+/g, " ").replace(/ ?\n ?/g, "\n").replace(/\n{3,}/g, "\n\n").trim();

/** The feed with its show's and episodes' text within the forms' limits, and a note for each text shortened. */
export function fitFormLimits(feed: OldFeed): OldFeed {
  const { show } = feed;
  const notes: string[] = [];
  const fitShow = (text: string, max: number, what: string) => {
    const shortened = shorten(text, max);
    if (shortened !== text) notes.push(`The show's ${what} has ${count(text.length)} characters, more than the ${count(max)} the show form takes: it was shortened.`);
    return shortened;
  };
  const fittedShow = {
    ...show,
    title: fitShow(oneLine(show.title), SHOW_TEXT_LIMITS.title, "title"),
    // A channel description is plain text here; feeds often carry HTML in it.
    description: fitShow(multiline(htmlToPlainText(show.description)), SHOW_TEXT_LIMITS.description, "description"),
    author: fitShow(oneLine(show.author), SHOW_TEXT_LIMITS.author, "author"),
    ownerName: fitShow(oneLine(show.ownerName), SHOW_TEXT_LIMITS.ownerName, "owner's name"),
    shortened: notes,
  };
  let episodesShortened = 0;
  const episodes = feed.episodes.map((episode) => {
    const shortened: string[] = [];
    const fitEpisode = (text: string, max: number, what: string) => {
      const fitted = shorten(text, max);
      if (fitted !== text) shortened.push(`Its ${what} had ${count(text.length)} characters in the old feed, more than the ${count(max)} the episode form takes: shortened.`);
      return fitted;
    };
    const title = fitEpisode(episode.title, EPISODE_TEXT_LIMITS.title, "title");
    const description = episode.description === null ? null : fitEpisode(episode.description, EPISODE_TEXT_LIMITS.summary, "notes");
    if (shortened.length > 0) episodesShortened++;
    return { ...episode, title, description, shortened };
  });
  const problems = [...feed.problems, ...notes];
  if (episodesShortened > 0) {
    const which = episodesShortened === 1 ? "One episode has" : `${count(episodesShortened)} episodes have`;
    problems.push(`${which} a title or notes longer than the episode form takes: shortened to fit, as each episode's line in the report says.`);
  }
  return { ...feed, show: fittedShow, episodes, problems };
}

const count = (value: number) => value.toLocaleString("en");
