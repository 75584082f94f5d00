import "server-only";
import { unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import { requireSessionUser, type SessionUser } from "@/lib/auth";
import { isAppError } from "@/lib/errors";
import type { ActionState } from "./action-state";


/**
 * The one wrapper for server actions: requires the user, parses the form with `schema`, calls `action`, and
 * turns AppError into inline messages. Unexpected errors are logged and shown as a generic message.
 */
export function validatedActionWithUser<Schema extends z.ZodType>(
  schema: Schema,
  action: (input: z.infer<Schema>, user: SessionUser, formData: FormData) => Promise<ActionState | void>,
) {
  return async (_previous: ActionState, formData: FormData): Promise<ActionState> => {
    const user = await requireSessionUser();
    const values = textValues(formData);
    const parsed = schema.safeParse(values);
    if (!parsed.success) {
      const fieldErrors: Record<string, string[]> = {};
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? "form");
        (fieldErrors[field] ??= []).push(issue.message);
      }
      return { ok: false, message: "Please correct the fields marked below.", fieldErrors, values };
    }
    try {
      return (await action(parsed.data, user, formData)) ?? { ok: true };
    } catch (error) {
      unstable_rethrow(error);
      return { ...describeActionError(error), values };
    }
  };
}

function describeActionError(error: unknown): ActionState {
  if (isAppError(error, "AUPHONIC_UNAUTHORIZED")) {
    return {
      ok: false,
      needsReconnect: true,
      message: "Auphonic no longer accepts Podhaven’s access to your account. Reconnect, then save again; your entries are kept.",
    };
  }
  if (isAppError(error)) {
    const hasFields = Object.keys(error.fieldErrors).length > 0;
    return { ok: false, message: hasFields ? "Please correct the fields marked below." : error.message, fieldErrors: error.fieldErrors };
  }
  console.error(error);
  return { ok: false, message: "Something went wrong on our side; nothing was saved. Please try again." };
}

function textValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData.entries()) {
    if (typeof value === "string" && !key.startsWith("$ACTION")) values[key] = value;
  }
  return values;
}
