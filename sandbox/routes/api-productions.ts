import { unlink } from "node:fs/promises";
import {
  attachUploadedFiles,
  checkUploadAllowed,
  createApiProduction,
  isRunning,
  startApiProduction,
  updateApiProduction,
  type ApiRefusal,
} from "../api-productions.js";
import type { SandboxContext } from "../context.js";
import { sendEnvelope, sendEnvelopeError } from "../envelope.js";
import { readJsonObject } from "../http.js";
import { MultipartError, parseHeaderParameters, receiveMultipartFiles, type ReceivedFile } from "../multipart.js";
import { renderProduction } from "../production-json.js";
import type { Production } from "../state.js";
import { findOwnProduction, type ApiHandler } from "./api-common.js";
import type { ServerResponse } from "node:http";

function answer(ctx: SandboxContext, res: ServerResponse, production: Production, refusal: ApiRefusal | undefined) {
  if (refusal) return sendEnvelopeError(res, refusal.status, refusal.message, refusal.formErrors);
  sendEnvelope(res, 200, renderProduction(ctx, production));
}

export const createProduction: ApiHandler = async (ctx, req, res, user) => {
  const result = createApiProduction(ctx, user, await readJsonObject(req));
  if ("message" in result) return sendEnvelopeError(res, result.status, result.message, result.formErrors);
  sendEnvelope(res, 200, renderProduction(ctx, result));
};

export const updateProduction =
  (uuid: string): ApiHandler =>
  async (ctx, req, res, user) => {
    const production = findOwnProduction(ctx, res, user, uuid);
    if (!production) return;
    const body = await readJsonObject(req);
    answer(ctx, res, production, updateApiProduction(ctx, production, body));
  };

export const startProduction =
  (uuid: string): ApiHandler =>
  (ctx, _req, res, user) => {
    const production = findOwnProduction(ctx, res, user, uuid);
    if (production) answer(ctx, res, production, startApiProduction(ctx, production));
  };

/** Room for the multipart framing around the files when the declared Content-Length is checked up front. */
const FRAMING_ALLOWANCE = 64 * 1024;

export const uploadProduction =
  (uuid: string): ApiHandler =>
  async (ctx, req, res, user) => {
    const production = findOwnProduction(ctx, res, user, uuid);
    if (!production) return;
    const notAllowed = checkUploadAllowed(production);
    if (notAllowed) return answer(ctx, res, production, notAllowed);

    const type = parseHeaderParameters(req.headers["content-type"] ?? "");
    const boundary = type.params.get("boundary") ?? "";
    if (type.main !== "multipart/form-data" || boundary.length < 1 || boundary.length > 70) {
      return sendEnvelopeError(res, 400, "Send the files as multipart/form-data.", {
        input_file: ["The request is not multipart/form-data with a boundary."],
      });
    }
    const limit = ctx.config.maxUploadBytes;
    const declared = Number(req.headers["content-length"]);
    if (Number.isFinite(declared) && declared > limit + FRAMING_ALLOWANCE) {
      return sendEnvelopeError(res, 400, "The upload is too large.", {
        input_file: [`The upload is larger than the limit of ${limit} bytes.`],
      });
    }

    let files: Map<string, ReceivedFile>;
    try {
      files = await receiveMultipartFiles(req, {
        boundary,
        dir: await ctx.uploads.directory(),
        maxBytes: limit,
        fileFields: ["input_file", "image"],
      });
    } catch (error) {
      if (error instanceof MultipartError) {
        // Read and drop the rest, so the client gets the answer and its connection stays usable.
        req.resume();
        return sendEnvelopeError(res, 400, error.message, { [error.field]: [error.message] });
      }
      // The client went away mid-upload: nobody is left to answer.
      if (req.destroyed) return void res.destroy();
      ctx.log(`upload of ${uuid} failed: ${error instanceof Error ? error.message : String(error)}`);
      req.resume();
      return sendEnvelopeError(res, 500, "The upload could not be stored; try again.");
    }
    // A reset, a deletion or a start may have happened while the files came in.
    if (ctx.state.productions.get(uuid) !== production || isRunning(production)) {
      await Promise.all([...files.values()].map((file) => unlink(file.path).catch(() => {})));
      return sendEnvelopeError(res, 409, "The production changed during the upload; upload again.");
    }
    answer(ctx, res, production, attachUploadedFiles(ctx, production, files));
  };
