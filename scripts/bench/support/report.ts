import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import path from "node:path";
import { RESULTS_DIR } from "./bench-paths";

export type Row = Record<string, string | number>;

/** A plain-text table: one row per line, columns padded to their widest cell. */
export function printTable(title: string, rows: Row[]): void {
  console.log(`\n${title}`);
  if (rows.length === 0) return console.log("  (no rows)");
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const cell = (row: Row, column: string) => String(row[column] ?? "");
  const widths = columns.map((column) => Math.max(column.length, ...rows.map((row) => cell(row, column).length)));
  const line = (cells: string[]) => `  ${cells.map((text, i) => (i === 0 ? text.padEnd(widths[i]!) : text.padStart(widths[i]!))).join("  ")}`;
  console.log(line(columns));
  for (const row of rows) console.log(line(columns.map((column) => cell(row, column))));
}

/** "0.42×": how the app compares with the reference (nginx, curl); above 1 means the app's figure is larger. */
export function ratio(app: number, reference: number): string {
  return reference > 0 ? `${(app / reference).toFixed(2)}×` : "-";
}

export const fixed = (value: number, digits = 1) => value.toFixed(digits);
export const megabytes = (bytes: number) => (bytes / 1e6).toFixed(1);

/** Writes the bench's figures to data/bench/results/<name>.json, with what machine produced them. */
export function saveResults(name: string, figures: unknown): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${name}.json`);
  const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? "", node: process.version };
  writeFileSync(file, `${JSON.stringify({ bench: name, at: new Date().toISOString(), machine, figures }, null, 2)}\n`);
  console.log(`\nFigures saved to ${path.relative(process.cwd(), file)}`);
  return file;
}
