import type { ServerResponse } from "node:http";
import { sendJson } from "./http.js";

export type FormErrors = Record<string, string[]>;

/** Every /api answer: {status_code, error_code, error_message, form_errors, data}, status_code = HTTP status. */
export function sendEnvelope(
  res: ServerResponse,
  status: number,
  data: unknown,
  error?: { message: string; code?: string | null; formErrors?: FormErrors },
): void {
  sendJson(res, status, {
    status_code: status,
    error_code: error?.code ?? null,
    error_message: error?.message ?? "",
    form_errors: error?.formErrors ?? {},
    data,
  });
}

export function sendEnvelopeError(res: ServerResponse, status: number, message: string, formErrors?: FormErrors) {
  sendEnvelope(res, status, null, { message, formErrors });
}
