import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireSessionUser } from "@/lib/auth";
import { isAppError } from "@/lib/errors";
import { getProductionProgress } from "@/lib/produce/get-production-progress";
import { ProductionStatus } from "./_components/production-status";

export const metadata: Metadata = { title: "Production" };

type Props = { params: Promise<{ uuid: string }> };

export default async function ProductionPage({ params }: Props) {
  const user = await requireSessionUser();
  const { uuid } = await params;
  const progress = await getProductionProgress(user.id, uuid).catch((error: unknown) => {
    if (isAppError(error, "NOT_FOUND")) notFound();
    throw error;
  });
  return (
    <div className="flex flex-col gap-6">
      <Link href="/auphonic" className="text-sm text-teal-800 underline">
        ← Auphonic productions
      </Link>
      <ProductionStatus initial={progress} />
    </div>
  );
}
