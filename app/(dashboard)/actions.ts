"use server";

import { redirect } from "next/navigation";
import { endThisSession } from "@/lib/users/end-this-session";

/** The header's "Sign out": a form action, so it works before the page's scripts have loaded. */
export async function signOutAction(): Promise<void> {
  await endThisSession();
  redirect("/");
}
