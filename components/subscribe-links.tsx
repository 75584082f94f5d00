import type { SubscribeLink } from "@/lib/shows/subscribe-links";

/** "Listen in your app": a button per directory or app (lib/shows/subscribe-links.ts). */
export function SubscribeLinks({ links }: { links: SubscribeLink[] }) {
  return (
    <nav aria-label="Subscribe" data-testid="subscribe-links">
      <h2 className="mb-2 text-lg font-semibold">Listen in your app</h2>
      <ul className="flex flex-wrap gap-2">
        {links.map((link) => (
          <li key={link.name}>
            <a href={link.href} rel="noopener" className="inline-block rounded-full border border-stone-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-stone-100">
              {link.name}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
