import type { MetadataRoute } from "next";

/** The web app manifest (/manifest.webmanifest): name, colours and the icons in public/. */
export default function manifest(): MetadataRoute.Manifest {
  return {
    name: "Podhaven",
    short_name: "Podhaven",
    description: "Podcast hosting for creators who produce with Auphonic.",
    start_url: "/dashboard",
    display: "standalone",
    background_color: "#fafaf9",
    theme_color: "#0f766e",
    icons: [
      { src: "/icon-192.png", sizes: "192x192", type: "image/png" },
      { src: "/icon-512.png", sizes: "512x512", type: "image/png" },
    ],
  };
}
