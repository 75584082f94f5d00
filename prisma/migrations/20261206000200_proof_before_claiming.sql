-- Written by hand: proof before claiming (lib/move-in/verify-move-in.ts, lib/shows/claim-podcast-guid.ts).

-- A moved-in show is a draft until its creator proves control of the old feed; shows made here are verified.
ALTER TABLE "Show" ADD COLUMN "isVerified" BOOLEAN NOT NULL DEFAULT true;

-- The code the old feed must carry. Move-ins made before this have one too, so that they can still be verified.
ALTER TABLE "MoveIn" ADD COLUMN "verificationCode" TEXT,
  ADD COLUMN "verifiedAt" TIMESTAMP(3);
UPDATE "MoveIn" SET "verificationCode" = 'podhaven-' || md5(random()::text || id) WHERE "verificationCode" IS NULL;
ALTER TABLE "MoveIn" ALTER COLUMN "verificationCode" SET NOT NULL;

-- Item guids are unique within a show, not across Podhaven.
DROP INDEX "Episode_guid_key";
CREATE UNIQUE INDEX "Episode_showId_guid_key" ON "Episode"("showId", "guid");

-- An address outlives its owner's account: a tombstone (userId null) that nobody can claim again.
ALTER TABLE "ShowSlug" DROP CONSTRAINT "ShowSlug_userId_fkey";
ALTER TABLE "ShowSlug" ALTER COLUMN "userId" DROP NOT NULL;
ALTER TABLE "ShowSlug" ADD CONSTRAINT "ShowSlug_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Every podcast:guid a show has held, kept like the addresses.
CREATE TABLE "ShowGuid" (
    "podcastGuid" TEXT NOT NULL,
    "userId" TEXT,
    "showId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ShowGuid_pkey" PRIMARY KEY ("podcastGuid")
);
CREATE INDEX "ShowGuid_showId_idx" ON "ShowGuid"("showId");
CREATE INDEX "ShowGuid_userId_idx" ON "ShowGuid"("userId");
ALTER TABLE "ShowGuid" ADD CONSTRAINT "ShowGuid_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "ShowGuid" ADD CONSTRAINT "ShowGuid_showId_fkey" FOREIGN KEY ("showId") REFERENCES "Show"("id") ON DELETE SET NULL ON UPDATE CASCADE;
INSERT INTO "ShowGuid" ("podcastGuid", "userId", "showId") SELECT "podcastGuid", "userId", id FROM "Show" WHERE "podcastGuid" IS NOT NULL;
