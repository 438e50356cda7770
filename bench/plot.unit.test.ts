import { renderChart, renderTimeline } from './plot';

describe('renderChart', () => {
  it('draws one line with a point per figure for every series, and names each in the legend', () => {
    // given two series of three figures each
    const svg = renderChart({
      title: 'Latency <p99>',
      xLabel: 'offered/s',
      yLabel: 'ms',
      series: [
        { name: 'bare SDK, stream', points: [1, 2, 3].map((x) => ({ x: x * 50, y: x * 10 })) },
        { name: 'our workers, stream', points: [1, 2, 3].map((x) => ({ x: x * 50, y: x * 12 })) },
      ],
    });
    // then the document is SVG with two polylines of three points, both legend entries, escaped text
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    const lines = [...svg.matchAll(/<polyline[^>]*points="([^"]*)"/g)].map((m) => m[1]!.split(' ').length);
    expect(lines).toEqual([3, 3]);
    expect(svg).toContain('>bare SDK, stream</text>');
    expect(svg).toContain('>our workers, stream</text>');
    expect(svg).toContain('Latency &lt;p99&gt;');
  });

  it('puts a larger value higher, and on a log axis labels the powers of ten', () => {
    // given latencies from 2 to 2000 ms on a log axis
    const svg = renderChart({
      title: 't',
      xLabel: 'x',
      yLabel: 'y',
      logY: true,
      series: [
        {
          name: 's',
          points: [
            { x: 1, y: 2 },
            { x: 2, y: 2000 },
          ],
        },
      ],
    });
    // then the axis carries 1 … 10000 and the 2000 ms point is drawn above the 2 ms point
    for (const t of [1, 10, 100, 1000, 10000]) expect(svg).toContain(`>${t}</text>`);
    const ys = [...svg.matchAll(/<circle cx="[^"]*" cy="([^"]*)"/g)].map((m) => Number(m[1]));
    expect(ys[1]).toBeLessThan(ys[0]!);
  });

  it('leaves out figures that are not numbers instead of drawing NaN', () => {
    const svg = renderChart({
      title: 't',
      xLabel: 'x',
      yLabel: 'y',
      series: [
        {
          name: 's',
          points: [
            { x: 1, y: 5 },
            { x: 2, y: NaN },
          ],
        },
      ],
    });
    expect(svg).not.toContain('NaN');
  });
});

describe('renderTimeline', () => {
  it('draws a bar per run and row from start to ready, labelled with its length, the later one further right', () => {
    // given two runs of two processes, the broker starting after OpenSearch
    const svg = renderTimeline({
      title: 'Start <stack>',
      xLabel: 's',
      rows: ['OpenSearch', 'broker'],
      runs: [
        {
          name: 'first start',
          bars: [
            { row: 'OpenSearch', from: 0, to: 30 },
            { row: 'broker', from: 30, to: 90 },
          ],
        },
        { name: 'restart', bars: [{ row: 'OpenSearch', from: 0, to: 20 }] },
      ],
    });
    // when the bars are read back (the legend's swatches are 20 wide at the left margin)
    const bars = [
      ...svg.matchAll(
        /<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)" height="12" fill="[^"]*"\/><text[^>]*>(\d+)</g,
      ),
    ];
    // then there are three bars (a row without a bar in a run draws none), labelled 30, 60, 20
    expect(bars.map((m) => m[3])).toEqual(['30', '20', '60']);
    const [os1, , broker] = bars.map((m) => ({ x: Number(m[1]), w: Number(m[2]) }));
    expect(broker!.x).toBeGreaterThan(os1!.x);
    expect(broker!.w).toBeCloseTo(os1!.w * 2, 0);
    expect(svg).toContain('>first start</text>');
    expect(svg).toContain('Start &lt;stack&gt;');
  });
});
