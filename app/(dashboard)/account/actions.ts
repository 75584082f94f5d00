"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { validatedActionWithUser } from "@/lib/actions/validated-action";
import { deleteAccount } from "@/lib/users/delete-account";
import { disconnectAuphonic } from "@/lib/users/disconnect-auphonic";
import { saveUserTimeZone } from "@/lib/users/save-user-time-zone";
import { signOutEverywhere } from "@/lib/users/sign-out-everywhere";

export const saveTimeZoneAction = validatedActionWithUser(z.object({ timeZone: z.string().max(64, "Unknown time zone.") }), async ({ timeZone }, user) => {
  const saved = await saveUserTimeZone(user.id, timeZone);
  revalidatePath("/account");
  return { ok: true, message: `Saved: dates are shown and entered in ${saved}.` };
});

export const signOutEverywhereAction = validatedActionWithUser(z.object({}), async (_input, user) => {
  await signOutEverywhere(user.id);
  redirect("/?signedOut=everywhere");
});

export const disconnectAuphonicAction = validatedActionWithUser(z.object({}), async (_input, user) => {
  await disconnectAuphonic(user.id);
  redirect("/?disconnected=auphonic");
});

export const deleteAccountAction = validatedActionWithUser(z.object({ confirmation: z.string().max(200) }), async ({ confirmation }, user) => {
  if (confirmation.trim() !== user.username) {
    return {
      ok: false,
      message: "Nothing was deleted.",
      fieldErrors: { confirmation: [`Type your Auphonic username, ${user.username}, to confirm.`] },
      values: { confirmation },
    };
  }
  await deleteAccount(user.id);
  redirect("/?deleted=account");
});
