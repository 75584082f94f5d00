"use server";

import { revalidatePath } from "next/cache";
import { requireSessionUser } from "@/lib/auth";
import { scheduleAuphonicAccountRefresh } from "@/lib/users/schedule-auphonic-account-refresh";

/** "Check now" on the dashboard's account box: queues a refresh and returns at once; the page updates when it has run. */
export async function refreshAuphonicAccountAction(): Promise<void> {
  const user = await requireSessionUser();
  await scheduleAuphonicAccountRefresh(user.id);
  revalidatePath("/dashboard");
}
