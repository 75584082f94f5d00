import { randomBytes, randomInt } from "node:crypto";

const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

export function createRandomString(length: number, alphabet = ALPHANUMERIC): string {
  let result = "";
  for (let i = 0; i < length; i++) result += alphabet[randomInt(alphabet.length)];
  return result;
}

/** Production and service ids: 22 characters of [A-Za-z0-9], like qAgrWNDb4HFCnbi6LU37UC. */
export function createUuid22(): string {
  return createRandomString(22);
}

export function createHexId(bytes = 16): string {
  return randomBytes(bytes).toString("hex");
}
