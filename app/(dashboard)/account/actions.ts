"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { validatedActionWithUser } from "@/lib/actions/validated-action";
import { signOutEverywhere } from "@/lib/users/sign-out-everywhere";

export const signOutEverywhereAction = validatedActionWithUser(z.object({}), async (_input, user) => {
  await signOutEverywhere(user.id);
  redirect("/");
});
