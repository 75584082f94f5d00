-- CreateTable
CREATE TABLE "RetiredMedia" (
    "id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "isServable" BOOLEAN NOT NULL DEFAULT false,
    "showId" TEXT,
    "episodeId" TEXT,
    "contentType" TEXT,
    "size" BIGINT,
    "retiredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deleteAfter" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RetiredMedia_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RenderedDocument" (
    "showId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "versionKey" TEXT NOT NULL,
    "etag" TEXT NOT NULL,
    "lastModified" TIMESTAMP(3) NOT NULL,
    "contentType" TEXT NOT NULL,
    "body" BYTEA NOT NULL,
    "gzip" BYTEA NOT NULL,
    "renderedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RenderedDocument_pkey" PRIMARY KEY ("showId","name")
);

-- CreateIndex
CREATE INDEX "RetiredMedia_key_idx" ON "RetiredMedia"("key");

-- CreateIndex
CREATE INDEX "RetiredMedia_deleteAfter_idx" ON "RetiredMedia"("deleteAfter");

-- AddForeignKey
ALTER TABLE "RenderedDocument" ADD CONSTRAINT "RenderedDocument_showId_fkey" FOREIGN KEY ("showId") REFERENCES "Show"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Written by hand: every change to a show, its addresses or its episodes (and to retired media) is announced on
-- the channel podhaven_changes with the show's id, at commit. Web processes LISTEN and drop what they keep in
-- memory for that show (lib/cache/change-listener.ts); no write path can forget to announce.
CREATE FUNCTION "podhaven_announce_change"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  column_name text := TG_ARGV[0];
  old_show text;
  new_show text;
BEGIN
  IF TG_OP <> 'INSERT' THEN old_show := to_jsonb(OLD) ->> column_name; END IF;
  IF TG_OP <> 'DELETE' THEN new_show := to_jsonb(NEW) ->> column_name; END IF;
  IF old_show IS NOT NULL THEN PERFORM pg_notify('podhaven_changes', old_show); END IF;
  IF new_show IS NOT NULL AND new_show IS DISTINCT FROM old_show THEN PERFORM pg_notify('podhaven_changes', new_show); END IF;
  -- An address change also changes what unknown and old addresses answer.
  IF TG_TABLE_NAME = 'ShowSlug' THEN PERFORM pg_notify('podhaven_changes', '*'); END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "Show_announce_change" AFTER INSERT OR UPDATE OR DELETE ON "Show"
  FOR EACH ROW EXECUTE FUNCTION "podhaven_announce_change"('id');
CREATE TRIGGER "Episode_announce_change" AFTER INSERT OR UPDATE OR DELETE ON "Episode"
  FOR EACH ROW EXECUTE FUNCTION "podhaven_announce_change"('showId');
-- Saving a show claims its address again (an upsert that rewrites the same row): only a real change announces.
CREATE TRIGGER "ShowSlug_announce_change" AFTER INSERT OR DELETE ON "ShowSlug"
  FOR EACH ROW EXECUTE FUNCTION "podhaven_announce_change"('showId');
CREATE TRIGGER "ShowSlug_announce_update" AFTER UPDATE ON "ShowSlug"
  FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION "podhaven_announce_change"('showId');
CREATE TRIGGER "RetiredMedia_announce_change" AFTER INSERT OR UPDATE OR DELETE ON "RetiredMedia"
  FOR EACH ROW EXECUTE FUNCTION "podhaven_announce_change"('showId');
