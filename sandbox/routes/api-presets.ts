import { sendEnvelope, sendEnvelopeError } from "../envelope.js";
import { readJsonObject } from "../http.js";
import { renderPreset, updatePreset } from "../presets.js";
import { findOwnPreset, type ApiHandler } from "./api-common.js";

export const listPresets: ApiHandler = (ctx, _req, res, user) =>
  sendEnvelope(
    res,
    200,
    ctx.state.presets.filter((preset) => preset.userId === user.user_id).map((preset) => renderPreset(ctx, preset)),
  );

export const getPreset =
  (uuid: string): ApiHandler =>
  (ctx, _req, res, user) => {
    const preset = findOwnPreset(ctx, res, user, uuid);
    if (preset) sendEnvelope(res, 200, renderPreset(ctx, preset));
  };

export const postPreset =
  (uuid: string): ApiHandler =>
  async (ctx, req, res, user) => {
    const preset = findOwnPreset(ctx, res, user, uuid);
    if (!preset) return;
    const errors = updatePreset(ctx, preset, await readJsonObject(req));
    if (errors) return sendEnvelopeError(res, 400, "Invalid input data.", errors);
    sendEnvelope(res, 200, renderPreset(ctx, preset));
  };
