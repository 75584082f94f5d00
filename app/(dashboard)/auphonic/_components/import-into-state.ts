import type { ActionState } from "@/lib/actions/action-state";

/** The answer of "Import into…": an action's state, plus the episode it made or found. */
export type ImportIntoState = ActionState & { episodeId?: string };

export const initialImportIntoState: ImportIntoState = { ok: false };
