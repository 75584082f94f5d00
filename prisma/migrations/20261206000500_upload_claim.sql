-- "Produce with Auphonic" claims the upload before it asks Auphonic for a production (lib/produce/produce-with-auphonic.ts):
-- a double submit finds it claimed instead of making a second production. Cleared once the production is recorded.
ALTER TABLE "Upload" ADD COLUMN "claimedAt" TIMESTAMP(3);
