import { useEffect, useRef } from 'preact/hooks';
import type { ChartDataset, ChartOptions, ChartType } from 'chart.js';
import {
  ArcElement,
  CategoryScale,
  Chart,
  DoughnutController,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  RadarController,
  RadialLinearScale,
  Tooltip,
} from 'chart.js';

Chart.register(DoughnutController, ArcElement, RadarController, RadialLinearScale, Filler, LineController, LineElement, PointElement, LinearScale, CategoryScale, Legend, Tooltip);

interface ChartViewProps<K extends ChartType> {
  readonly type: K;
  readonly labels: string[];
  readonly datasets: ChartDataset<K>[];
  readonly options?: ChartOptions<K>;
  /** What the chart says, for screen readers; the page also shows the numbers as a table. */
  readonly summary: string;
  readonly testId?: string;
  readonly size?: 'small' | 'wide';
}

/**
 * One Chart.js chart on a canvas: created once, then updated in place when the data or the
 * language change (no animation: the console refreshes every few seconds).
 */
export function ChartView<K extends ChartType>({ type, labels, datasets, options, summary, testId, size = 'wide' }: ChartViewProps<K>) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart<K> | null>(null);
  useEffect(() => {
    if (!canvas.current) return;
    chart.current = new Chart<K>(canvas.current, {
      type,
      data: { labels, datasets },
      options: { animation: false, responsive: true, maintainAspectRatio: false, ...options } as ChartOptions<K>,
    });
    return () => chart.current?.destroy();
  }, [type]);
  useEffect(() => {
    const current = chart.current;
    if (!current) return;
    current.data.labels = labels;
    current.data.datasets = datasets;
    current.update();
  }, [JSON.stringify(labels), JSON.stringify(datasets)]);
  return (
    <div class={`chart chart-${size}`}>
      <canvas ref={canvas} role="img" aria-label={summary} data-testid={testId} />
    </div>
  );
}
