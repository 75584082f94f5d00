-- Download analytics (docs/analytics.md): raw events, counted downloads, the day's salt, the roll-up's progress.
CREATE TABLE "DownloadEvent" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "episodeId" TEXT NOT NULL,
    "showId" TEXT NOT NULL,
    "clientHash" TEXT NOT NULL,
    "userAgent" TEXT NOT NULL,
    "requests" INTEGER NOT NULL DEFAULT 1,
    "rangeStart" BIGINT,
    "rangeEnd" BIGINT,
    "bytes" BIGINT NOT NULL,
    "minBytes" BIGINT NOT NULL,
    "redirected" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "DownloadEvent_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "Download" (
    "id" BIGSERIAL NOT NULL,
    "episodeId" TEXT NOT NULL,
    "showId" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "clientHash" TEXT NOT NULL,
    "userAgent" TEXT NOT NULL,
    "app" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Download_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "AnalyticsSalt" (
    "day" DATE NOT NULL,
    "salt" TEXT NOT NULL,

    CONSTRAINT "AnalyticsSalt_pkey" PRIMARY KEY ("day")
);

CREATE TABLE "AnalyticsRollup" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "coveredUntil" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AnalyticsRollup_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "DownloadEvent_recordedAt_idx" ON "DownloadEvent"("recordedAt");
CREATE INDEX "DownloadEvent_episodeId_clientHash_userAgent_at_idx" ON "DownloadEvent"("episodeId", "clientHash", "userAgent", "at");
CREATE UNIQUE INDEX "Download_episodeId_day_clientHash_userAgent_key" ON "Download"("episodeId", "day", "clientHash", "userAgent");
CREATE INDEX "Download_showId_day_idx" ON "Download"("showId", "day");

ALTER TABLE "Download" ADD CONSTRAINT "Download_episodeId_fkey" FOREIGN KEY ("episodeId") REFERENCES "Episode"("id") ON DELETE CASCADE ON UPDATE CASCADE;
