import "server-only";
import { db } from "@/lib/db";

/** The creator's live connections, as "Import into…" offers them: "Show title – connection name". */
export async function listImportTargets(userId: string): Promise<{ connectionId: string; label: string }[]> {
  const connections = await db.connection.findMany({
    where: { userId, deletedAt: null },
    select: { id: true, displayName: true, show: { select: { title: true } } },
    orderBy: [{ show: { title: "asc" } }, { displayName: "asc" }],
  });
  return connections.map((connection) => ({ connectionId: connection.id, label: `${connection.show.title} – ${connection.displayName}` }));
}
