import type { IncomingMessage, ServerResponse } from "node:http";
import type { SandboxContext } from "../context.js";
import { sendEnvelopeError } from "../envelope.js";
import type { Preset, Production, User } from "../state.js";

export type ApiHandler = (ctx: SandboxContext, req: IncomingMessage, res: ServerResponse, user: User) => Promise<void> | void;

/** 404 for an unknown uuid, 403 for another user's production: sends the error and returns undefined. */
export function findOwnProduction(ctx: SandboxContext, res: ServerResponse, user: User, uuid: string): Production | undefined {
  const production = ctx.state.productions.get(uuid);
  if (!production) return void sendEnvelopeError(res, 404, "Not Found");
  if (production.userId !== user.user_id) {
    return void sendEnvelopeError(res, 403, "You do not have permission to access this production.");
  }
  return production;
}

/** Same rule for presets: 404 unknown, 403 another user's. */
export function findOwnPreset(ctx: SandboxContext, res: ServerResponse, user: User, uuid: string): Preset | undefined {
  const preset = ctx.state.presets.find((candidate) => candidate.uuid === uuid);
  if (!preset) return void sendEnvelopeError(res, 404, "Not Found");
  if (preset.userId !== user.user_id) {
    return void sendEnvelopeError(res, 403, "You do not have permission to access this preset.");
  }
  return preset;
}
