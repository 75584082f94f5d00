"use client";

import { useSyncExternalStore } from "react";
import { DEFAULT_TIME_ZONE, detectTimeZone } from "@/lib/users/time-zone";

const noSubscription = () => () => {};

/**
 * The zone a form shows and enters dates in: the creator's stored one, else the browser's (sent along as
 * `browserTimeZone`, and stored by the server on the first save). The server's HTML, before scripts run, uses UTC;
 * key date inputs by the zone so that their default values follow.
 */
export function useCreatorTimeZone(stored: string | null): string {
  return useSyncExternalStore(
    noSubscription,
    () => stored ?? detectTimeZone(),
    () => stored ?? DEFAULT_TIME_ZONE,
  );
}
