/** The `<iframe>` a creator pastes into a website for the embeddable player (/embed/…). */
export function embedCode(embedUrl: string, title: string): string {
  const escapedTitle = title.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
  return `<iframe src="${embedUrl}" title="${escapedTitle}" width="100%" height="200" style="border:0;border-radius:8px" loading="lazy" allow="autoplay"></iframe>`;
}
