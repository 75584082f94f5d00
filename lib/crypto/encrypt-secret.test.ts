import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret } from "./encrypt-secret";

const key = randomBytes(32);

describe("encryptSecret", () => {
  it("round-trips and never contains the plaintext", () => {
    const token = "aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5zA7b";
    const stored = encryptSecret(token, key);
    expect(stored).not.toContain(token);
    expect(stored.startsWith("v1.")).toBe(true);
    expect(decryptSecret(stored, key)).toBe(token);
  });

  it("uses a fresh IV each time", () => {
    expect(encryptSecret("same", key)).not.toBe(encryptSecret("same", key));
  });

  it("rejects a tampered ciphertext", () => {
    const [v, iv, tag, data] = encryptSecret("secret-token", key).split(".");
    const flipped = Buffer.from(data!, "base64url");
    flipped[0] = flipped[0]! ^ 1;
    expect(() => decryptSecret([v, iv, tag, flipped.toString("base64url")].join("."), key)).toThrow();
  });

  it("rejects another key and unknown formats", () => {
    const stored = encryptSecret("secret-token", key);
    expect(() => decryptSecret(stored, randomBytes(32))).toThrow();
    expect(() => decryptSecret("plain-token", key)).toThrow(/format/);
  });
});
