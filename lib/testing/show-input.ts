// A valid show for tests that need one (the fields the show form requires).
export function showInput(slug: string) {
  return {
    title: "Family Podcast",
    slug,
    description: "Stories.",
    author: "A",
    ownerName: "A",
    ownerEmail: "a@example.com",
    language: "en",
    category: "Kids & Family",
    explicit: false,
    type: "episodic" as const,
  };
}
