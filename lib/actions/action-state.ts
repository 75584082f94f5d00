// What every server action returns to its form (useActionState); shared with the browser.
export type ActionState = {
  ok: boolean;
  message?: string;
  fieldErrors?: Record<string, string[]>;
  /** The submitted text fields, so a refused form comes back as the user left it. */
  values?: Record<string, string>;
  /** Auphonic refused the stored token: the form offers "Reconnect Auphonic". */
  needsReconnect?: boolean;
};

export const initialActionState: ActionState = { ok: false };
