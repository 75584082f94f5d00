import { signOutAction } from "@/app/(dashboard)/actions";

export function SignOutButton() {
  return (
    <form action={signOutAction}>
      <button type="submit" className="rounded-md px-3 py-2 text-sm font-medium text-stone-700 hover:bg-stone-200">
        Sign out
      </button>
    </form>
  );
}
