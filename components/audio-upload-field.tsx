"use client";

import { useEffect, useRef, useState } from "react";
import { inputClass } from "@/components/forms/field";
import { formatBytes } from "@/lib/quotas/format-bytes";

type Props = {
  /** The form field that carries the staged upload's id to the server action. */
  name: string;
  label: string;
  hint?: string;
  /** The largest file the server takes (MEDIA_MAX_FILE_BYTES): a larger one is refused before sending. */
  maxBytes: number;
  errors?: string[];
};

type Upload =
  | { state: "idle" }
  | { state: "sending"; filename: string; sent: number; total: number }
  | { state: "done"; uploadId: string; filename: string; size: number }
  | { state: "failed"; message: string };

/**
 * Picks an audio file and sends it at once to POST /api/uploads (the raw file as the body, streamed to storage by
 * the server), with a progress bar and a Cancel button; the form then submits only the upload's id. XMLHttpRequest,
 * not fetch: fetch reports no upload progress.
 */
export function AudioUploadField({ name, label, hint, maxBytes, errors }: Props) {
  const [upload, setUpload] = useState<Upload>({ state: "idle" });
  const request = useRef<XMLHttpRequest | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  useEffect(() => () => request.current?.abort(), []);
  const id = `${name}-file`;
  const describedBy = [hint ? `${id}-hint` : null, `${id}-status`, errors?.length ? `${id}-error` : null].filter(Boolean).join(" ");

  function send(file: File) {
    request.current?.abort();
    if (file.size > maxBytes) {
      setUpload({ state: "failed", message: `This file is ${formatBytes(file.size)}, larger than the limit of ${formatBytes(maxBytes)} per file.` });
      return;
    }
    const xhr = new XMLHttpRequest();
    request.current = xhr;
    setUpload({ state: "sending", filename: file.name, sent: 0, total: file.size });
    xhr.upload.onprogress = (event) => setUpload({ state: "sending", filename: file.name, sent: event.loaded, total: event.lengthComputable ? event.total : file.size });
    xhr.onload = () => {
      request.current = null;
      const answer = parseAnswer(xhr.responseText);
      if (xhr.status === 201 && typeof answer.uploadId === "string") {
        setUpload({ state: "done", uploadId: answer.uploadId, filename: String(answer.filename ?? file.name), size: Number(answer.size ?? file.size) });
      } else if (xhr.status === 401) {
        setUpload({ state: "failed", message: "You are signed out. Sign in again (in another tab), then choose the file again." });
      } else {
        setUpload({ state: "failed", message: typeof answer.message === "string" ? answer.message : `The upload failed (HTTP ${xhr.status}). Try again.` });
      }
    };
    xhr.onerror = () => {
      request.current = null;
      setUpload({ state: "failed", message: "The upload was interrupted (the connection dropped). Choose the file again to retry." });
    };
    xhr.open("POST", `/api/uploads?filename=${encodeURIComponent(file.name)}`);
    xhr.send(file);
  }

  function cancel() {
    request.current?.abort();
    request.current = null;
    if (fileInput.current) fileInput.current.value = "";
    setUpload({ state: "failed", message: "Upload cancelled; nothing was kept. Choose a file to start again." });
  }

  const percent = upload.state === "sending" && upload.total > 0 ? Math.floor((upload.sent / upload.total) * 100) : 0;
  return (
    <div className="flex flex-col gap-2">
      <label htmlFor={id} className="font-medium">
        {label}
      </label>
      {hint && (
        <p id={`${id}-hint`} className="text-sm text-stone-600">
          {hint}
        </p>
      )}
      <input
        ref={fileInput}
        id={id}
        type="file"
        accept="audio/*,.mp3,.m4a,.aac,.wav,.flac,.ogg,.opus"
        aria-describedby={describedBy}
        aria-invalid={Boolean(errors?.length) || upload.state === "failed"}
        disabled={upload.state === "sending"}
        onChange={(event) => {
          const file = event.currentTarget.files?.[0];
          if (file) send(file);
        }}
        className={`${inputClass} file:mr-3 file:rounded-md file:border-0 file:bg-stone-100 file:px-3 file:py-1.5`}
      />
      <input type="hidden" name={name} value={upload.state === "done" ? upload.uploadId : ""} />
      <div id={`${id}-status`} aria-live="polite" className="flex flex-col gap-2">
        {upload.state === "sending" && (
          <div className="flex flex-wrap items-center gap-3">
            <progress className="h-3 w-full max-w-md" max={upload.total || 1} value={upload.sent} aria-label={`Uploading ${upload.filename}`}>
              {percent}%
            </progress>
            <span className="text-sm text-stone-700" data-testid="upload-progress">
              Uploading {upload.filename}: {formatBytes(upload.sent)} of {formatBytes(upload.total)} ({percent}%)
            </span>
            <button type="button" onClick={cancel} className="rounded-md border border-stone-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-stone-100">
              Cancel upload
            </button>
          </div>
        )}
        {upload.state === "done" && (
          <p role="status" className="text-sm text-teal-900" data-testid="upload-done">
            Uploaded {upload.filename} ({formatBytes(upload.size)}).
          </p>
        )}
        {upload.state === "failed" && (
          <p role="alert" className="text-sm font-medium text-red-700" data-testid="upload-error">
            {upload.message}
          </p>
        )}
      </div>
      {errors?.length ? (
        <ul id={`${id}-error`} className="text-sm font-medium text-red-700">
          {errors.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function parseAnswer(text: string): Record<string, unknown> {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
