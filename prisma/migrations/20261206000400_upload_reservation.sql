-- An upload's row is written before its body is read, with the declared size, so that uploads started at once are
-- counted against the storage quota together (lib/uploads/receive-upload.ts). NULL: the file is still arriving.
ALTER TABLE "Upload" ADD COLUMN "receivedAt" TIMESTAMP(3) DEFAULT CURRENT_TIMESTAMP;
