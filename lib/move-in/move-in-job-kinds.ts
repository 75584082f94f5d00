// The scheduled job kinds of a move-in (lib/jobs/scheduled-jobs.ts); their handlers are in lib/move-in/move-in-jobs.ts.
export const MOVE_IN_EPISODE_JOB = "move-in-episode";
export const MOVE_IN_COVER_JOB = "move-in-cover";
