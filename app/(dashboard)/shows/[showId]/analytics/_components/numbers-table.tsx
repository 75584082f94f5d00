import type { ReactNode } from "react";

type Row = { key: string; label: ReactNode; values: string[] };

/** A table of counts: a header cell per row (its label), then right-aligned numbers; scrolls sideways on a phone. */
export function NumbersTable({ testId, caption, columns, rows }: { testId: string; caption: string; columns: string[]; rows: Row[] }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" data-testid={testId}>
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr className="border-b border-stone-300">
            {columns.map((column, index) => (
              <th key={column} scope="col" className={`py-1 pr-3 ${index > 0 ? "text-right" : ""}`}>
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key} className="border-b border-stone-200">
              <th scope="row" className="py-1 pr-3 font-normal">
                {row.label}
              </th>
              {row.values.map((value, index) => (
                <td key={index} className="py-1 pr-3 text-right tabular-nums whitespace-nowrap">
                  {value}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
