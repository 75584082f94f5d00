import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { env } from "@/lib/env.js";
import "./globals.css";

// Static files in public/ (scripts/make-static-images.ts): icons, the social image for link previews.
export const metadata: Metadata = {
  metadataBase: new URL(env.appUrl),
  title: { default: "Podhaven", template: "%s · Podhaven" },
  description: "Podcast hosting for creators who produce with Auphonic.",
  // app/icon.svg is the icon (Next links it); /favicon.ico serves what asks for that path by habit.
  icons: { apple: "/apple-touch-icon.png" },
  manifest: "/manifest.webmanifest",
  openGraph: { siteName: "Podhaven", images: [{ url: "/social-image.png", width: 1200, height: 630, alt: "Podhaven" }] },
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-dvh">{children}</body>
    </html>
  );
}
