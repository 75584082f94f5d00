import "server-only";
import { AppError } from "@/lib/errors";
import { buildMultipartBody, type MultipartPart } from "@/lib/http/build-multipart-body";
import { isAuphonicId } from "./auphonic-id";
import { requestAuphonic } from "./request-auphonic";

export type UploadFile = { stream: AsyncIterable<Uint8Array>; size: number; filename: string; contentType: string };

/**
 * `POST /api/production/{uuid}/upload.json`: sends the audio (`input_file`) and, when given, the cover (`image`)
 * as multipart/form-data, streamed from their sources as the request goes out. `deadlineMs` bounds the whole
 * upload; `signal` stops it sooner (a worker shutting down).
 */
export async function uploadProductionInput(
  token: string,
  productionUuid: string,
  files: { inputFile: UploadFile; image?: UploadFile | null },
  options: { deadlineMs: number; signal?: AbortSignal },
): Promise<void> {
  if (!isAuphonicId(productionUuid)) throw new AppError("BAD_REQUEST", "This is not an Auphonic production.");
  const filePart = (name: string, file: UploadFile): MultipartPart => ({ name, ...file, filename: file.filename || name });
  const parts = [filePart("input_file", files.inputFile), ...(files.image ? [filePart("image", files.image)] : [])];
  const multipart = buildMultipartBody(parts);
  await requestAuphonic(`api/production/${productionUuid}/upload.json`, {
    token,
    method: "POST",
    stream: { body: multipart.body, contentType: multipart.contentType, contentLength: multipart.contentLength },
    timeoutMs: options.deadlineMs,
    signal: options.signal,
  });
}
