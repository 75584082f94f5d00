-- CreateTable
CREATE TABLE "ShowSlug" (
    "slug" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "showId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ShowSlug_pkey" PRIMARY KEY ("slug")
);

-- CreateIndex
CREATE INDEX "ShowSlug_showId_idx" ON "ShowSlug"("showId");

-- CreateIndex
CREATE UNIQUE INDEX "Show_podcastGuid_key" ON "Show"("podcastGuid");

-- AddForeignKey
ALTER TABLE "ShowSlug" ADD CONSTRAINT "ShowSlug_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ShowSlug" ADD CONSTRAINT "ShowSlug_showId_fkey" FOREIGN KEY ("showId") REFERENCES "Show"("id") ON DELETE SET NULL ON UPDATE CASCADE;


-- Written by hand: the shows that exist keep their current address as their first.
INSERT INTO "ShowSlug" (slug, "userId", "showId") SELECT slug, "userId", id FROM "Show" ON CONFLICT DO NOTHING;
