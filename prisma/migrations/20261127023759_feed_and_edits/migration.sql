-- AlterTable
ALTER TABLE "Show" ADD COLUMN "podcastGuid" TEXT;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Episode" (
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
    "editedFields" TEXT NOT NULL DEFAULT '[]',
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
INSERT INTO "new_Episode" ("audioVersion", "chapters", "connectionId", "coverKey", "createdAt", "customData", "durationSec", "episodeNumber", "episodeType", "explicit", "guid", "id", "importError", "importState", "license", "productionChangeTime", "productionUuid", "publishedAt", "publisher", "season", "showId", "state", "statistics", "subtitle", "summary", "tags", "title", "updatedAt", "url", "userId") SELECT "audioVersion", "chapters", "connectionId", "coverKey", "createdAt", "customData", "durationSec", "episodeNumber", "episodeType", "explicit", "guid", "id", "importError", "importState", "license", "productionChangeTime", "productionUuid", "publishedAt", "publisher", "season", "showId", "state", "statistics", "subtitle", "summary", "tags", "title", "updatedAt", "url", "userId" FROM "Episode";
DROP TABLE "Episode";
ALTER TABLE "new_Episode" RENAME TO "Episode";
CREATE UNIQUE INDEX "Episode_guid_key" ON "Episode"("guid");
CREATE INDEX "Episode_showId_state_publishedAt_idx" ON "Episode"("showId", "state", "publishedAt");
CREATE INDEX "Episode_userId_idx" ON "Episode"("userId");
CREATE UNIQUE INDEX "Episode_connectionId_productionUuid_key" ON "Episode"("connectionId", "productionUuid");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

