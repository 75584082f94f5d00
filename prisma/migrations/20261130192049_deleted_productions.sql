-- CreateTable
CREATE TABLE "DeletedProduction" (
    "id" TEXT NOT NULL,
    "connectionId" TEXT NOT NULL,
    "productionUuid" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "deletedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DeletedProduction_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "DeletedProduction_connectionId_productionUuid_key" ON "DeletedProduction"("connectionId", "productionUuid");

-- AddForeignKey
ALTER TABLE "DeletedProduction" ADD CONSTRAINT "DeletedProduction_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "Connection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

