-- Postgres schema, written by `prisma migrate diff --from-empty` (later ones: scripts/new-migration.sh), applied by
-- node-pg-migrate (lib/database/migrate-database.ts). The last statement is written by hand.

-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "auphonicUserId" TEXT NOT NULL,
    "username" TEXT NOT NULL,
    "email" TEXT,
    "auphonicTokenCipher" TEXT,
    "auphonicTokenInvalid" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "lastSignInAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Show" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "author" TEXT NOT NULL,
    "ownerName" TEXT NOT NULL,
    "ownerEmail" TEXT NOT NULL,
    "language" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "explicit" BOOLEAN NOT NULL DEFAULT false,
    "type" TEXT NOT NULL DEFAULT 'episodic',
    "link" TEXT,
    "coverPath" TEXT,
    "podcastGuid" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Show_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Connection" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "showId" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "customData" TEXT NOT NULL,
    "webhookSecret" TEXT NOT NULL,
    "auphonicServiceUuid" TEXT,
    "registeredAt" TIMESTAMP(3),
    "registeredWebhookUrl" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "deletedAt" TIMESTAMP(3),

    CONSTRAINT "Connection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Delivery" (
    "id" TEXT NOT NULL,
    "connectionId" TEXT,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "httpStatus" INTEGER NOT NULL,
    "accepted" BOOLEAN NOT NULL,
    "reason" TEXT NOT NULL,
    "productionUuid" TEXT,
    "episodeId" TEXT,

    CONSTRAINT "Delivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Episode" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "showId" TEXT NOT NULL,
    "connectionId" TEXT,
    "productionUuid" TEXT NOT NULL,
    "guid" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'draft',
    "importState" TEXT NOT NULL DEFAULT 'queued',
    "importError" TEXT,
    "importRerunRequested" BOOLEAN NOT NULL DEFAULT false,
    "title" TEXT NOT NULL DEFAULT '',
    "subtitle" TEXT,
    "summary" TEXT,
    "tags" TEXT NOT NULL DEFAULT '[]',
    "episodeNumber" INTEGER,
    "season" INTEGER,
    "episodeType" TEXT NOT NULL DEFAULT 'full',
    "explicit" BOOLEAN,
    "publisher" TEXT,
    "url" TEXT,
    "license" TEXT,
    "durationSec" DOUBLE PRECISION,
    "chapters" TEXT NOT NULL DEFAULT '[]',
    "statistics" TEXT NOT NULL DEFAULT '{}',
    "customData" TEXT NOT NULL DEFAULT '{}',
    "editedFields" TEXT NOT NULL DEFAULT '[]',
    "audioVersion" INTEGER NOT NULL DEFAULT 0,
    "coverKey" TEXT,
    "productionChangeTime" TEXT,
    "publishedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Episode_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MediaFile" (
    "id" TEXT NOT NULL,
    "episodeId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "filename" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "size" BIGINT NOT NULL,
    "bitrate" INTEGER,
    "isEnclosure" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "MediaFile_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_auphonicUserId_key" ON "User"("auphonicUserId");

-- CreateIndex
CREATE UNIQUE INDEX "Show_slug_key" ON "Show"("slug");

-- CreateIndex
CREATE INDEX "Show_userId_idx" ON "Show"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "Connection_webhookSecret_key" ON "Connection"("webhookSecret");

-- CreateIndex
CREATE INDEX "Connection_userId_idx" ON "Connection"("userId");

-- CreateIndex
CREATE INDEX "Connection_showId_idx" ON "Connection"("showId");

-- CreateIndex
CREATE INDEX "Delivery_connectionId_receivedAt_idx" ON "Delivery"("connectionId", "receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Episode_guid_key" ON "Episode"("guid");

-- CreateIndex
CREATE INDEX "Episode_showId_state_publishedAt_idx" ON "Episode"("showId", "state", "publishedAt");

-- CreateIndex
CREATE INDEX "Episode_userId_idx" ON "Episode"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "Episode_connectionId_productionUuid_key" ON "Episode"("connectionId", "productionUuid");

-- CreateIndex
CREATE UNIQUE INDEX "MediaFile_key_key" ON "MediaFile"("key");

-- CreateIndex
CREATE INDEX "MediaFile_episodeId_idx" ON "MediaFile"("episodeId");

-- AddForeignKey
ALTER TABLE "Show" ADD CONSTRAINT "Show_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Connection" ADD CONSTRAINT "Connection_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Connection" ADD CONSTRAINT "Connection_showId_fkey" FOREIGN KEY ("showId") REFERENCES "Show"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Delivery" ADD CONSTRAINT "Delivery_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "Connection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Episode" ADD CONSTRAINT "Episode_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Episode" ADD CONSTRAINT "Episode_showId_fkey" FOREIGN KEY ("showId") REFERENCES "Show"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Episode" ADD CONSTRAINT "Episode_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "Connection"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MediaFile" ADD CONSTRAINT "MediaFile_episodeId_fkey" FOREIGN KEY ("episodeId") REFERENCES "Episode"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Display names are unique per user among live connections: Auphonic merges same-named registrations.
-- Partial, so Prisma's schema cannot say it; lib/connections/ turn its violation into a field error.
CREATE UNIQUE INDEX "Connection_userId_displayName_live_key" ON "Connection"("userId", "displayName") WHERE "deletedAt" IS NULL;
