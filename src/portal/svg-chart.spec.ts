import { barChart, niceMaximum } from './svg-chart';

describe('barChart', () => {
  it('should round the axis up so that every gridline is a whole number', () => {
    expect([0, 1, 4, 5, 9, 37, 250].map(niceMaximum)).toEqual([4, 4, 4, 8, 20, 40, 400]);
  });

  it('should stack the series of a row end to end, in proportion to the axis', () => {
    const chart = barChart(
      ['A', 'B'],
      [
        [3, 1],
        [8, 0],
      ],
    );
    const [a, b] = chart.rows;
    expect(a.total).toBe(4);
    expect(a.segments[1].x).toBeCloseTo(a.segments[0].x + a.segments[0].width);
    expect(b.segments[0].width).toBeCloseTo(2 * (a.segments[0].width + a.segments[1].width));
    expect(chart.ticks.map((tick) => tick.value)).toEqual([0, 2, 4, 6, 8]);
  });

  it('should draw nothing for a negative or missing value', () => {
    const [row] = barChart(['A'], [[-5, Number.NaN]]).rows;
    expect(row.segments.map((segment) => segment.width)).toEqual([0, 0]);
    expect(row.total).toBe(0);
  });
});
