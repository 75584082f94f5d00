-- Written by hand: reconciliation with Auphonic, and producing from Podhaven (issue 19).

-- "Import into…": the creator chose the production, so it need not list the connection among its targets.
ALTER TABLE "Episode" ADD COLUMN "productionChosenByCreator" BOOLEAN NOT NULL DEFAULT false;

CREATE TABLE "KnownProduction" (
    "userId" TEXT NOT NULL,
    "uuid" TEXT NOT NULL,
    "title" TEXT NOT NULL DEFAULT '',
    "status" INTEGER,
    "statusString" TEXT NOT NULL DEFAULT '',
    "errorMessage" TEXT NOT NULL DEFAULT '',
    "inReview" BOOLEAN NOT NULL DEFAULT false,
    "serviceUuids" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "createdAt" TIMESTAMP(3),
    "changeTime" TEXT,
    "firstSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "seenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "showId" TEXT,
    "connectionId" TEXT,
    "uploadId" TEXT,
    "stage" TEXT,
    "stageError" TEXT,

    CONSTRAINT "KnownProduction_pkey" PRIMARY KEY ("userId", "uuid")
);
CREATE INDEX "KnownProduction_userId_createdAt_idx" ON "KnownProduction"("userId", "createdAt");
ALTER TABLE "KnownProduction" ADD CONSTRAINT "KnownProduction_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "AuphonicSync" (
    "userId" TEXT NOT NULL,
    "lastRunAt" TIMESTAMP(3),
    "lastSuccessAt" TIMESTAMP(3),
    "nextRunAt" TIMESTAMP(3),
    "failures" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,

    CONSTRAINT "AuphonicSync_pkey" PRIMARY KEY ("userId")
);
ALTER TABLE "AuphonicSync" ADD CONSTRAINT "AuphonicSync_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "Upload" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "filename" TEXT NOT NULL,
    "size" BIGINT NOT NULL,
    "contentType" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),

    CONSTRAINT "Upload_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "Upload_key_key" ON "Upload"("key");
CREATE INDEX "Upload_userId_idx" ON "Upload"("userId");
CREATE INDEX "Upload_expiresAt_idx" ON "Upload"("expiresAt");
ALTER TABLE "Upload" ADD CONSTRAINT "Upload_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
