import "server-only";
import type { OAuthConfig } from "next-auth/providers/oauth";
import { env } from "@/lib/env.js";
import { getAuphonicUser, type AuphonicUser } from "./get-auphonic-user";

/** What next-auth hands to the `jwt` callback as `profile` after sign-in. */
export type AuphonicProfile = Omit<AuphonicUser, "email"> & { email?: string };

/**
 * Auphonic's OAuth 2.0 web flow for next-auth: authorization code with `state`, the token requested with
 * form fields (client_secret_post), and the user read from `/api/user.json`'s envelope.
 */
export function auphonicProvider(): OAuthConfig<AuphonicProfile> {
  return {
    id: "auphonic",
    name: "Auphonic",
    type: "oauth",
    clientId: env.auphonicClientId,
    clientSecret: env.auphonicClientSecret,
    checks: ["state"],
    authorization: { url: `${env.auphonicBaseUrl}/oauth2/authorize/`, params: { response_type: "code", scope: undefined } },
    token: `${env.auphonicBaseUrl}/oauth2/token/`,
    userinfo: {
      url: `${env.auphonicBaseUrl}/api/user.json`,
      async request({ tokens }) {
        if (!tokens.access_token) throw new Error("Auphonic returned no access token");
        const user = await getAuphonicUser(tokens.access_token);
        return { ...user, email: user.email ?? undefined };
      },
    },
    client: { token_endpoint_auth_method: "client_secret_post" },
    httpOptions: { timeout: 15_000 },
    profile(user) {
      return { id: user.userId, name: user.username, email: user.email };
    },
  };
}
