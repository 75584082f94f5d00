-- CreateTable
CREATE TABLE "Delivery" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "connectionId" TEXT,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "httpStatus" INTEGER NOT NULL,
    "accepted" BOOLEAN NOT NULL,
    "reason" TEXT NOT NULL,
    "productionUuid" TEXT,
    "episodeId" TEXT,
    CONSTRAINT "Delivery_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "Connection" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ImportJob" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "connectionId" TEXT NOT NULL,
    "productionUuid" TEXT NOT NULL,
    "episodeId" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "runAfter" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "leaseUntil" DATETIME,
    "rerunRequested" BOOLEAN NOT NULL DEFAULT false,
    "lastError" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ImportJob_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "Connection" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Episode" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "showId" TEXT NOT NULL,
    "connectionId" TEXT,
    "productionUuid" TEXT NOT NULL,
    "guid" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'draft',
    "importState" TEXT NOT NULL DEFAULT 'queued',
    "importError" TEXT,
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
    "durationSec" REAL,
    "chapters" TEXT NOT NULL DEFAULT '[]',
    "statistics" TEXT NOT NULL DEFAULT '{}',
    "customData" TEXT NOT NULL DEFAULT '{}',
    "audioVersion" INTEGER NOT NULL DEFAULT 0,
    "coverKey" TEXT,
    "productionChangeTime" TEXT,
    "publishedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Episode_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Episode_showId_fkey" FOREIGN KEY ("showId") REFERENCES "Show" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Episode_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "Connection" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MediaFile" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "episodeId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "filename" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "bitrate" INTEGER,
    "isEnclosure" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "MediaFile_episodeId_fkey" FOREIGN KEY ("episodeId") REFERENCES "Episode" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Delivery_connectionId_receivedAt_idx" ON "Delivery"("connectionId", "receivedAt");

-- CreateIndex
CREATE INDEX "ImportJob_state_runAfter_idx" ON "ImportJob"("state", "runAfter");

-- CreateIndex
CREATE UNIQUE INDEX "ImportJob_connectionId_productionUuid_key" ON "ImportJob"("connectionId", "productionUuid");

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

