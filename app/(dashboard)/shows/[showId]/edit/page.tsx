import type { Metadata } from "next";
import Link from "next/link";
import { requireSessionUser } from "@/lib/auth";
import { mediaUrl } from "@/lib/storage/media-keys";
import { getShowOr404 } from "@/lib/shows/get-show-or-404";
import { updateShowAction } from "../../actions";
import { ShowForm } from "../../_components/show-form";

export const metadata: Metadata = { title: "Edit show" };

export default async function EditShowPage({ params }: { params: Promise<{ showId: string }> }) {
  const user = await requireSessionUser();
  const show = await getShowOr404(user.id, (await params).showId);
  return (
    <div className="flex flex-col gap-6">
      <Link href={`/shows/${show.id}`} className="text-sm text-teal-800 underline">
        ← {show.title}
      </Link>
      <h1 className="text-2xl font-bold">Edit show</h1>
      <ShowForm
        showId={show.id}
        action={updateShowAction}
        isNew={false}
        coverUrl={show.coverPath ? mediaUrl(show.coverPath) : null}
        initial={{ ...show, link: show.link ?? "", newFeedUrl: show.newFeedUrl ?? "" }}
      />
    </div>
  );
}
