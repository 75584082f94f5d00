"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/** Refreshes the server-rendered page every few seconds while `isActive` (an import is under way). */
export function AutoRefresh({ isActive, intervalMs = 2000 }: { isActive: boolean; intervalMs?: number }) {
  const router = useRouter();
  useEffect(() => {
    if (!isActive) return;
    const timer = setInterval(() => router.refresh(), intervalMs);
    return () => clearInterval(timer);
  }, [isActive, intervalMs, router]);
  return null;
}
