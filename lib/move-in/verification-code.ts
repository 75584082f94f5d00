import { randomBytes } from "node:crypto";

// Proof that a creator controls the old feed: a random code per move-in, which they put in that feed (the
// Podcasting 2.0 way below, or anywhere in its text, such as the description most hosts let them edit).

export function newVerificationCode(): string {
  return `podhaven-verify-${randomBytes(10).toString("hex")}`;
}

/** The line to add to the old feed's channel (podcastindex.org/namespace/1.0#txt). */
export function verificationLine(code: string): string {
  return `<podcast:txt purpose="verify">${code}</podcast:txt>`;
}
