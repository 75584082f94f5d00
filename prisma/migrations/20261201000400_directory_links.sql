-- Where listeners find a show: its links on podcast directories (lib/shows/directory-links.ts).
ALTER TABLE "Show" ADD COLUMN "appleUrl" TEXT,
  ADD COLUMN "spotifyUrl" TEXT,
  ADD COLUMN "youtubeMusicUrl" TEXT,
  ADD COLUMN "overcastUrl" TEXT,
  ADD COLUMN "pocketCastsUrl" TEXT,
  ADD COLUMN "podcastAddictUrl" TEXT;
