"use client";

import { useEffect, useRef, type ReactNode } from "react";

/**
 * The outcome of an action that ended on another page (a redirect): focus moves to it and it is scrolled into view,
 * so a screen reader reads it first and nobody has to look for it.
 */
export function FocusedNotice({ children, testId }: { children: ReactNode; testId?: string }) {
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    ref.current?.focus();
    ref.current?.scrollIntoView({ block: "nearest" });
  }, []);
  return (
    <p
      ref={ref}
      role="status"
      tabIndex={-1}
      data-testid={testId}
      className="rounded-lg border border-teal-300 bg-teal-50 px-4 py-3 text-teal-900 focus:outline-2 focus:outline-offset-2 focus:outline-teal-700"
    >
      {children}
    </p>
  );
}
