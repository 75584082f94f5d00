import { AppError } from "@/lib/errors";
import { UPLOAD_FILENAME_MAX_CHARS } from "./upload-limits";

const STORED_STEM_MAX_CHARS = 100;

/**
 * The name a browser sent, as a media key's last segment ([A-Za-z0-9._-], as episode keys require), with the
 * extension of what the file was sniffed to be: "../Ep 1 (final).wav" holding MP3 is "Ep-1-final-.mp3". A name
 * missing or too long is refused; one with nothing usable left becomes "audio".
 */
export function safeUploadFilename(name: string | null, extension?: string): string {
  if (name === null || name.trim() === "") throw new AppError("BAD_REQUEST", "The upload has no filename (?filename=…).");
  if (name.length > UPLOAD_FILENAME_MAX_CHARS) throw new AppError("BAD_REQUEST", `The filename is longer than ${UPLOAD_FILENAME_MAX_CHARS} characters; rename the file.`);
  const base = name.slice(Math.max(name.lastIndexOf("/"), name.lastIndexOf("\\")) + 1);
  const dot = base.lastIndexOf(".");
  const stem = (dot > 0 ? base.slice(0, dot) : base)
    .replace(/[^A-Za-z0-9._-]+/g, "-")
    .replace(/^[.-]+/, "")
    .slice(0, STORED_STEM_MAX_CHARS);
  const ending = extension ?? (dot > 0 ? base.slice(dot + 1).replace(/[^A-Za-z0-9]+/g, "").slice(0, 10) : "");
  return `${stem || "audio"}${ending ? `.${ending.toLowerCase()}` : ""}`;
}
