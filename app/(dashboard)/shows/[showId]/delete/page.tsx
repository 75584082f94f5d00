import type { Metadata } from "next";
import Link from "next/link";
import { requireSessionUser } from "@/lib/auth";
import { listConnectionsForShow } from "@/lib/connections/list-connections-for-show";
import { getShowOr404 } from "@/lib/shows/get-show-or-404";
import { deleteShowAction } from "../../actions";
import { ConfirmForm } from "@/components/forms/confirm-form";

export const metadata: Metadata = { title: "Delete show" };

export default async function DeleteShowPage({ params }: { params: Promise<{ showId: string }> }) {
  const user = await requireSessionUser();
  const show = await getShowOr404(user.id, (await params).showId);
  const connections = await listConnectionsForShow(user.id, show.id);
  return (
    <div className="flex max-w-2xl flex-col gap-5">
      <h1 className="text-2xl font-bold">Delete &ldquo;{show.title}&rdquo;?</h1>
      <p>This permanently removes:</p>
      <ul className="list-disc pl-6">
        <li>the show, its cover art, public pages and feed;</li>
        <li>
          its {connections.length} Auphonic connection{connections.length === 1 ? "" : "s"}
          {connections.length > 0 && <> ({connections.map((connection) => connection.displayName).join(", ")})</>}: Podhaven stops accepting
          their deliveries. Remove the targets on Auphonic&rsquo;s External Services page as well.
        </li>
      </ul>
      <ConfirmForm action={deleteShowAction} hidden={{ showId: show.id }} label="Delete show" pendingLabel="Deleting…" />
      <Link href={`/shows/${show.id}`} className="text-teal-800 underline">
        Cancel, keep the show
      </Link>
    </div>
  );
}
