import { createHash } from "node:crypto";
import { expect, test } from "@playwright/test";
import { expectPlayableAndSeekable, feedItems, finishProduction, openEpisodeWhen, publicShowPath } from "./helpers/episodes";
import { SANDBOX_URL } from "./helpers/sandbox";
import { createShow, uniqueTitle } from "./helpers/shows";
import { signInAs } from "./helpers/sign-in";

// The S3 pass only (`STORAGE_DRIVER=s3 npm run test:e2e`, which CI runs after the local pass): media lives in a
// bucket, and the feed's enclosure, on our domain, answers 302 to the bucket's public URL.
test.skip(process.env.STORAGE_DRIVER !== "s3", "runs in the S3 pass: STORAGE_DRIVER=s3 npm run test:e2e");

type OutputFile = { filename: string; format: string; size: number; checksum: string };

test("with S3, a finished production plays in the browser, and its enclosure answers 302 to the bucket with the sandbox's bytes", async ({ page, request }) => {
  await page.goto("/");
  await signInAs(page, "alice");
  const title = uniqueTitle("Bucket Show");
  const showId = await createShow(page, title);
  const production = await finishProduction(request, `${title} - Publish Now`);
  await openEpisodeWhen(page, showId, "published");

  const chapter = [...production.chapters].sort((a, b) => a.start_output_sec - b.start_output_sec).at(-1)!;
  await page.getByRole("link", { name: "Public page" }).click();
  await expectPlayableAndSeekable(page, chapter);

  const [item] = await feedItems(page, `${await publicShowPath(page, showId)}/feed.xml`);
  expect(new URL(item!.enclosure.url).origin).toBe("http://localhost:3210");
  const redirect = await request.get(item!.enclosure.url, { maxRedirects: 0 });
  expect(redirect.status()).toBe(302);
  const location = redirect.headers()["location"]!;
  expect(location).toMatch(/^http:\/\/127\.0\.0\.1:4569\/podhaven-e2e\/episodes\//);

  const sandboxProduction = (await (await request.get(`${SANDBOX_URL}/control/api/productions/${production.uuid}`)).json()) as { output_files: OutputFile[] };
  const mp3 = sandboxProduction.output_files.find((file) => file.format === "mp3")!;
  const bytes = await (await request.get(location)).body();
  expect(bytes.length).toBe(mp3.size);
  expect(bytes.length).toBe(Number(item!.enclosure.length));
  expect(createHash("md5").update(bytes).digest("hex")).toBe(mp3.checksum);
  // Podcast apps' probe, through the redirect.
  const probe = await request.get(item!.enclosure.url, { headers: { Range: "bytes=0-1" } });
  expect(probe.status()).toBe(206);
  expect((await probe.body()).equals(bytes.subarray(0, 2))).toBe(true);
});
