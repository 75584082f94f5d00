"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";

type Props = {
  isActive: boolean;
  intervalMs?: number;
  /** Said politely by screen readers when it changes (e.g. "2 imports in progress"); without it nothing is rendered. */
  status?: string;
  /** Said once the page stops refreshing after it was active. */
  doneStatus?: string;
};

/**
 * Refreshes the server-rendered page every few seconds while `isActive` (an import is under way), and stops when
 * it no longer is. A hidden tab is not refreshed. With `status`, a polite live region announces what changed.
 */
export function AutoRefresh({ isActive, intervalMs = 2000, status, doneStatus = "All imports have finished." }: Props) {
  const router = useRouter();
  // "Finished" only after this page saw the work under way, never on a page that loaded with nothing to do.
  const [wasActive, setWasActive] = useState(isActive);
  const [hasFinished, setHasFinished] = useState(false);
  if (wasActive !== isActive) {
    setWasActive(isActive);
    setHasFinished(!isActive);
  }
  useEffect(() => {
    if (!isActive) return;
    const timer = setInterval(() => {
      if (document.visibilityState === "visible") router.refresh();
    }, intervalMs);
    return () => clearInterval(timer);
  }, [isActive, intervalMs, router]);
  if (status === undefined) return null;
  return (
    <p role="status" aria-live="polite" className="sr-only" data-testid="auto-refresh-status">
      {isActive ? status : hasFinished ? doneStatus : ""}
    </p>
  );
}
