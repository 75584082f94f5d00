"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

type Day = { day: string; downloads: number };

/**
 * Downloads per day as bars (recharts). The chart is a picture for sighted readers: screen readers get its
 * summary here and every number in the table below it.
 */
export function DownloadsChart({ days }: { days: Day[] }) {
  const total = days.reduce((sum, day) => sum + day.downloads, 0);
  const busiest = days.reduce((best, day) => (day.downloads > best.downloads ? day : best), days[0] ?? { day: "", downloads: 0 });
  const summary =
    total === 0
      ? `No downloads in the last ${days.length} days.`
      : `${total} downloads in the last ${days.length} days; the most on ${busiest.day} (${busiest.downloads}).`;
  return (
    <figure role="img" aria-label={`Chart of downloads per day. ${summary}`} className="h-64 w-full" data-testid="downloads-chart">
      <ResponsiveContainer width="100%" height="100%">
        {/* No keyboard layer: the figure is one image for assistive technology, the table below has the numbers. */}
        <BarChart data={days} margin={{ top: 8, right: 8, bottom: 8, left: 0 }} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="day" tickFormatter={(day: string) => day.slice(5)} minTickGap={16} fontSize={12} />
          <YAxis allowDecimals={false} width={40} fontSize={12} />
          <Tooltip formatter={(value) => [value, "Downloads"]} />
          <Bar dataKey="downloads" fill="#0f766e" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
