/**
 * A small SVG line chart for the benchmarks' figures (no dependency, readable in any browser or
 * in the repository's web view): one or more series over a shared x axis, a legend, labelled axes.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface Series {
  name: string;
  points: { x: number; y: number }[];
}

export interface Chart {
  title: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
  /** a logarithmic y axis, for latencies that span orders of magnitude */
  logY?: boolean;
}

const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b'];
const W = 720;
const H = 420;
const M = { left: 70, right: 180, top: 40, bottom: 50 };

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Round tick values covering [min, max]. */
function ticks(min: number, max: number, count = 5): number[] {
  const span = max - min || 1;
  const step = 10 ** Math.floor(Math.log10(span / count));
  const nice = [1, 2, 5, 10].map((m) => m * step).find((s) => span / s <= count) ?? 10 * step;
  const out: number[] = [];
  for (let v = Math.ceil(min / nice) * nice; v <= max + nice / 1e6; v += nice)
    out.push(Number(v.toPrecision(6)));
  return out;
}

export function renderChart(chart: Chart): string {
  const all = chart.series.flatMap((s) => s.points).filter((p) => Number.isFinite(p.y));
  const xs = all.map((p) => p.x);
  const ys = all.map((p) => p.y);
  const [x0, x1] = [Math.min(0, ...xs), Math.max(...xs, 1)];
  const fy = chart.logY ? (v: number) => Math.log10(Math.max(v, 0.1)) : (v: number) => v;
  const [y0, y1] = chart.logY
    ? [Math.floor(fy(Math.min(...ys, 1))), Math.ceil(fy(Math.max(...ys, 1)))]
    : [0, Math.max(...ys, 1) * 1.1];
  const px = (x: number) => M.left + ((x - x0) / (x1 - x0 || 1)) * (W - M.left - M.right);
  const py = (y: number) => H - M.bottom - ((fy(y) - y0) / (y1 - y0 || 1)) * (H - M.top - M.bottom);
  const yTicks = chart.logY ? Array.from({ length: y1 - y0 + 1 }, (_, i) => 10 ** (y0 + i)) : ticks(y0, y1);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${M.left}" y="22" font-size="15" font-weight="bold">${escape(chart.title)}</text>`,
    `<line x1="${M.left}" y1="${H - M.bottom}" x2="${W - M.right}" y2="${H - M.bottom}" stroke="black"/>`,
    `<line x1="${M.left}" y1="${M.top}" x2="${M.left}" y2="${H - M.bottom}" stroke="black"/>`,
    ...ticks(x0, x1).map(
      (t) =>
        `<line x1="${px(t)}" y1="${H - M.bottom}" x2="${px(t)}" y2="${H - M.bottom + 5}" stroke="black"/>` +
        `<text x="${px(t)}" y="${H - M.bottom + 18}" text-anchor="middle">${t}</text>`,
    ),
    ...yTicks.map(
      (t) =>
        `<line x1="${M.left - 5}" y1="${py(t)}" x2="${W - M.right}" y2="${py(t)}" stroke="#ddd"/>` +
        `<text x="${M.left - 8}" y="${py(t) + 4}" text-anchor="end">${t}</text>`,
    ),
    `<text x="${(M.left + W - M.right) / 2}" y="${H - 10}" text-anchor="middle">${escape(chart.xLabel)}</text>`,
    `<text transform="translate(16 ${(M.top + H - M.bottom) / 2}) rotate(-90)" text-anchor="middle">${escape(chart.yLabel)}</text>`,
  ];
  chart.series.forEach((s, i) => {
    const colour = COLOURS[i % COLOURS.length]!;
    const points = s.points.filter((p) => Number.isFinite(p.y));
    parts.push(
      `<polyline fill="none" stroke="${colour}" stroke-width="2" points="${points.map((p) => `${px(p.x).toFixed(1)},${py(p.y).toFixed(1)}`).join(' ')}"/>`,
      ...points.map(
        (p) => `<circle cx="${px(p.x).toFixed(1)}" cy="${py(p.y).toFixed(1)}" r="3" fill="${colour}"/>`,
      ),
      `<line x1="${W - M.right + 15}" y1="${M.top + 10 + i * 20}" x2="${W - M.right + 35}" y2="${M.top + 10 + i * 20}" stroke="${colour}" stroke-width="2"/>`,
      `<text x="${W - M.right + 40}" y="${M.top + 14 + i * 20}">${escape(s.name)}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('\n');
}

/** Writes the chart beside the figures; returns the file's path relative to the working directory. */
export function writeChart(file: string, chart: Chart): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, renderChart(chart));
  return path.relative(process.cwd(), file);
}

/** Intervals per row (e.g. each process from its start to ready), one bar per run in every row. */
export interface Timeline {
  title: string;
  xLabel: string;
  rows: string[];
  runs: { name: string; bars: { row: string; from: number; to: number }[] }[];
}

/** A horizontal bar chart of intervals: a row per name, a colour per run, each bar labelled with its length. */
export function renderTimeline(t: Timeline): string {
  const barH = 12;
  const rowH = t.runs.length * (barH + 2) + 10;
  const left = 190;
  const right = 60;
  const top = 50 + t.runs.length * 18;
  const height = top + t.rows.length * rowH + 50;
  const ends = t.runs.flatMap((r) => r.bars.map((b) => b.to));
  const x1 = Math.max(...ends, 1);
  const px = (x: number) => left + (x / x1) * (W - left - right);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${height}" fill="white"/>`,
    `<text x="10" y="22" font-size="15" font-weight="bold">${escape(t.title)}</text>`,
    ...t.runs.map((r, i) => {
      const y = 40 + i * 18;
      const colour = COLOURS[i % COLOURS.length]!;
      return (
        `<rect x="${left}" y="${y - 10}" width="20" height="${barH}" fill="${colour}"/>` +
        `<text x="${left + 26}" y="${y}">${escape(r.name)}</text>`
      );
    }),
    ...ticks(0, x1).map(
      (v) =>
        `<line x1="${px(v)}" y1="${top - 5}" x2="${px(v)}" y2="${height - 45}" stroke="#ddd"/>` +
        `<text x="${px(v)}" y="${height - 30}" text-anchor="middle">${v}</text>`,
    ),
    `<text x="${(left + W - right) / 2}" y="${height - 10}" text-anchor="middle">${escape(t.xLabel)}</text>`,
  ];
  t.rows.forEach((row, i) => {
    const y = top + i * rowH;
    parts.push(`<text x="${left - 8}" y="${y + rowH / 2}" text-anchor="end">${escape(row)}</text>`);
    t.runs.forEach((r, j) => {
      const bar = r.bars.find((b) => b.row === row);
      if (!bar) return;
      const by = y + j * (barH + 2);
      parts.push(
        `<rect x="${px(bar.from).toFixed(1)}" y="${by}" width="${Math.max(1, px(bar.to) - px(bar.from)).toFixed(1)}" height="${barH}" fill="${COLOURS[j % COLOURS.length]!}"/>` +
          `<text x="${(px(bar.to) + 4).toFixed(1)}" y="${by + barH - 2}" font-size="10">${(bar.to - bar.from).toFixed(0)}</text>`,
      );
    });
  });
  parts.push('</svg>');
  return parts.join('\n');
}

/** Writes the timeline; returns the file's path relative to the working directory. */
export function writeTimeline(file: string, timeline: Timeline): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, renderTimeline(timeline));
  return path.relative(process.cwd(), file);
}
