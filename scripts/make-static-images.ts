// Writes the app's static images into public/ from the logo (app/icon.svg's drawing), with sharp (which Next
// ships): app icons, the default artwork for shows without a cover (1400 px, Apple's minimum) and the social image
// for link previews. Run again after changing the logo: `npx tsx scripts/make-static-images.ts`; the files are
// committed, so nothing runs at install or build.
import { writeFileSync } from "node:fs";
import sharp from "sharp";

const TEAL = "#0f766e";
const MICROPHONE = "M16 6a7 7 0 0 0-7 7v4a7 7 0 0 0 14 0v-4a7 7 0 0 0-7-7zm-10 11h2a8 8 0 0 0 16 0h2a10 10 0 0 1-9 9.95V29h-2v-2.05A10 10 0 0 1 6 17z";

const icon = (size: number, rounded: boolean) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 32 32"><rect width="32" height="32" rx="${rounded ? 7 : 0}" fill="${TEAL}"/><path d="${MICROPHONE}" fill="#fff"/></svg>`;

const artwork = `<svg xmlns="http://www.w3.org/2000/svg" width="1400" height="1400" viewBox="0 0 1400 1400">
  <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#115e59"/><stop offset="1" stop-color="#14b8a6"/></linearGradient></defs>
  <rect width="1400" height="1400" fill="url(#g)"/>
  <g transform="translate(380 300) scale(20)"><path d="${MICROPHONE}" fill="#fff"/></g>
  <text x="700" y="1190" text-anchor="middle" font-family="DejaVu Sans, sans-serif" font-size="96" font-weight="bold" fill="#fff">Podcast</text>
</svg>`;

const social = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630" viewBox="0 0 1200 630">
  <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#115e59"/><stop offset="1" stop-color="#14b8a6"/></linearGradient></defs>
  <rect width="1200" height="630" fill="url(#g)"/>
  <g transform="translate(110 155) scale(10)"><path d="${MICROPHONE}" fill="#fff"/></g>
  <text x="470" y="300" font-family="DejaVu Sans, sans-serif" font-size="110" font-weight="bold" fill="#fff">Podhaven</text>
  <text x="474" y="370" font-family="DejaVu Sans, sans-serif" font-size="34" fill="#ccfbf1">Podcast hosting for Auphonic</text>
  <text x="474" y="415" font-family="DejaVu Sans, sans-serif" font-size="34" fill="#ccfbf1">creators</text>
</svg>`;

const png = (svg: string) => sharp(Buffer.from(svg)).png({ compressionLevel: 9 }).toBuffer();

writeFileSync("public/apple-touch-icon.png", await png(icon(180, false)));
writeFileSync("public/icon-192.png", await png(icon(192, true)));
writeFileSync("public/icon-512.png", await png(icon(512, true)));
writeFileSync("public/default-artwork.png", await png(artwork));
writeFileSync("public/social-image.png", await png(social));
writeFileSync("public/favicon.ico", pngInIco(await png(icon(32, true)), 32));
console.log("public/: apple-touch-icon.png, icon-192.png, icon-512.png, default-artwork.png, social-image.png, favicon.ico");

/** An .ico holding one PNG (allowed since Windows Vista; every browser reads it): a 6-byte header and one 16-byte entry. */
function pngInIco(image: Buffer, size: number): Buffer {
  const header = Buffer.alloc(22);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(1, 4); // one image
  header.writeUInt8(size, 6);
  header.writeUInt8(size, 7);
  header.writeUInt16LE(1, 10); // colour planes
  header.writeUInt16LE(32, 12); // bits per pixel
  header.writeUInt32LE(image.length, 14);
  header.writeUInt32LE(22, 18); // where the image starts
  return Buffer.concat([header, image]);
}
