import { useEffect, useRef } from 'preact/hooks';
import { CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import { t } from './i18n';
import { dateTime } from './format';

Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale, Legend, Tooltip);

interface Point {
  at: string;
  counts: Record<string, number | null>;
}

const series = [
  { key: 'dossiers', color: '#0b5cad' },
  { key: 'events', color: '#8a3b00' },
  { key: 'payments', color: '#5a2d82' },
  { key: 'deadLetters', color: '#a4001d' },
] as const;

/** The 24 h stuck-count trend with Chart.js; the canvas carries a text summary for screen readers. */
export function TrendChart({ points }: { points: Point[] }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart | null>(null);
  const label = t.value;
  useEffect(() => {
    if (!canvas.current) return;
    chart.current = new Chart(canvas.current, {
      type: 'line',
      data: { labels: [], datasets: series.map((s) => ({ label: label(s.key), data: [], borderColor: s.color, backgroundColor: s.color, tension: 0.2 })) },
      options: { animation: false, responsive: true, maintainAspectRatio: false, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
    });
    return () => chart.current?.destroy();
  }, []);
  useEffect(() => {
    const current = chart.current;
    if (!current) return;
    current.data.labels = points.map((p) => dateTime(p.at));
    current.data.datasets.forEach((dataset, i) => {
      const key = series[i]!.key;
      dataset.label = label(key);
      dataset.data = points.map((p) => p.counts[key] ?? 0);
    });
    current.update();
  }, [points, label]);
  const last = points.at(-1)?.counts ?? {};
  const summary = series.map((s) => `${label(s.key)}: ${last[s.key] ?? 0}`).join(', ');
  return (
    <div class="chart">
      <canvas ref={canvas} role="img" aria-label={`${label('trend')} — ${summary}`} />
    </div>
  );
}
