/**
 * The geometry of a horizontal bar chart, stacked when there are several series, for a template to draw as SVG: no
 * script, no chart library, and the template's escaping covers the labels. The numbers are also in a table beside the
 * chart (the accessible source); the SVG is an image with a title and a description.
 */
export interface BarChart {
  readonly width: number;
  readonly height: number;
  readonly labelWidth: number;
  readonly rows: readonly BarRow[];
  /** Gridlines with their values, from 0 to the axis maximum. */
  readonly ticks: readonly { x: number; value: number }[];
}

export interface BarRow {
  readonly label: string;
  readonly y: number;
  readonly total: number;
  readonly segments: readonly { x: number; width: number; series: number; value: number }[];
}

const LABEL_WIDTH = 180;
const PLOT_WIDTH = 360;
const ROW_HEIGHT = 28;
const BAR_HEIGHT = 18;
const AXIS_HEIGHT = 24;
const TICKS = 4;

/** `values[row][series]`, one row per label; negative or missing values count as 0. */
export function barChart(labels: readonly string[], values: readonly (readonly number[])[]): BarChart {
  const totals = values.map((row) => row.reduce((sum, value) => sum + Math.max(0, value || 0), 0));
  const max = niceMaximum(Math.max(0, ...totals));
  const scale = PLOT_WIDTH / max;
  const rows = labels.map((label, index) => {
    let x = LABEL_WIDTH;
    const segments = (values[index] ?? []).map((raw, series) => {
      const value = Math.max(0, raw || 0);
      const segment = { x, width: value * scale, series, value };
      x += segment.width;
      return segment;
    });
    return { label, y: index * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) / 2, total: totals[index], segments };
  });
  const ticks = Array.from({ length: TICKS + 1 }, (_, i) => ({ x: LABEL_WIDTH + (PLOT_WIDTH * i) / TICKS, value: (max * i) / TICKS }));
  return { width: LABEL_WIDTH + PLOT_WIDTH + 40, height: labels.length * ROW_HEIGHT + AXIS_HEIGHT, labelWidth: LABEL_WIDTH, rows, ticks };
}

/** The axis maximum: the largest total rounded up so that each of the four gridlines falls on a whole number. */
export function niceMaximum(largest: number): number {
  if (largest <= 0) return TICKS;
  const step = Math.ceil(largest / TICKS);
  const magnitude = 10 ** Math.floor(Math.log10(step));
  const nice = [1, 2, 5, 10].map((factor) => factor * magnitude).find((candidate) => candidate >= step)!;
  return nice * TICKS;
}
