import type { Metadata } from "next";
import Link from "next/link";
import { requireSessionUser } from "@/lib/auth";
import { createShowAction } from "../actions";
import { ShowForm } from "../_components/show-form";

export const metadata: Metadata = { title: "New show" };

export default async function NewShowPage() {
  const user = await requireSessionUser();
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-bold">New show</h1>
      <p className="text-stone-700">
        Already publishing elsewhere?{" "}
        <Link className="underline" href="/shows/import">
          Move your show in from another host
        </Link>{" "}
        with its episodes and subscribers.
      </p>
      <ShowForm
        action={createShowAction}
        isNew
        coverUrl={null}
        initial={{
          title: "",
          slug: "",
          description: "",
          author: user.username,
          ownerName: user.username,
          ownerEmail: "",
          language: "en",
          category: "Society & Culture",
          explicit: false,
          type: "episodic",
          link: "",
        }}
      />
    </div>
  );
}
