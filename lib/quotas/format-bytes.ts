// Shared by the pages and the quota messages (no server code: components import it).
const UNITS = ["bytes", "KiB", "MiB", "GiB", "TiB"];

/** Bytes as people read them: "512 bytes", "3.4 MiB", "50 GiB" (binary units, as STORAGE_QUOTA_BYTES counts). */
export function formatBytes(bytes: number): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 100 || Number.isInteger(value) ? 0 : 1;
  return `${value.toFixed(digits).replace(/\.0$/, "")} ${UNITS[unit]}`;
}
