-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "auphonicUserId" TEXT NOT NULL,
    "username" TEXT NOT NULL,
    "email" TEXT,
    "auphonicTokenCipher" TEXT,
    "auphonicTokenInvalid" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "lastSignInAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE UNIQUE INDEX "User_auphonicUserId_key" ON "User"("auphonicUserId");

