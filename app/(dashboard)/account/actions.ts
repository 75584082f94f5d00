"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { validatedActionWithUser } from "@/lib/actions/validated-action";
import { deleteAccount } from "@/lib/users/delete-account";
import { disconnectAuphonic } from "@/lib/users/disconnect-auphonic";
import { signOutEverywhere } from "@/lib/users/sign-out-everywhere";

export const signOutEverywhereAction = validatedActionWithUser(z.object({}), async (_input, user) => {
  await signOutEverywhere(user.id);
  redirect("/");
});

export const disconnectAuphonicAction = validatedActionWithUser(z.object({}), async (_input, user) => {
  await disconnectAuphonic(user.id);
  redirect("/");
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
