import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import {
  BarController, BarElement, CategoryScale, Chart, Legend, LineController, LineElement, LinearScale, PointElement, Tooltip,
  type ChartConfiguration,
} from 'chart.js';

// Only the parts used, so the chart library stays small in the dashboard's chunk.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Legend, Tooltip);
Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif';
Chart.defaults.color = '#1f2328';

/** Colours distinguishable in greyscale order and with 3:1 contrast against white. */
export const PALETTE = ['#1d4ed8', '#b45309', '#047857', '#b91c1c', '#6d28d9', '#0e7490', '#be185d', '#4d5562'];

export interface Table { columns: string[]; rows: ComponentChildren[][] }

/**
 * A chart on a canvas, described for screen readers by its label, with the
 * same numbers as a table for anyone who cannot see the chart: folded away
 * on the dashboard, always shown where the page is meant to be printed.
 */
export function ChartView({ config, label, table, id, tableShown }: {
  config: ChartConfiguration; label: string; table: Table; id: string; tableShown?: boolean;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const chart = new Chart(canvas.current, {
      ...config,
      options: { animation: false, responsive: true, maintainAspectRatio: false, ...config.options },
    } as ChartConfiguration);
    // A printed page is narrower than the screen: redraw for it and back.
    const resize = () => chart.resize();
    window.addEventListener('beforeprint', resize);
    window.addEventListener('afterprint', resize);
    return () => {
      window.removeEventListener('beforeprint', resize);
      window.removeEventListener('afterprint', resize);
      chart.destroy();
    };
  }, [config]);
  const numbers = (
    <div class="table-wrap">
      <table>
        <caption class="visually-hidden">{label}</caption>
        <thead><tr>{table.columns.map((c) => <th key={c} scope="col">{c}</th>)}</tr></thead>
        <tbody>{table.rows.map((r, i) => <tr key={i}>{r.map((v, j) => (j === 0 ? <th key={j} scope="row">{v}</th> : <td key={j}>{v}</td>))}</tr>)}</tbody>
      </table>
    </div>
  );
  return (
    <figure class="chart" aria-labelledby={`${id}-caption`}>
      <div class="chart-canvas">
        <canvas ref={canvas} role="img" aria-label={label} id={id} />
      </div>
      <figcaption id={`${id}-caption`} class="visually-hidden">{label}</figcaption>
      {tableShown ? <div class="chart-data">{numbers}</div> : (
        <details class="chart-data">
          <summary>Show the numbers</summary>
          {numbers}
        </details>
      )}
    </figure>
  );
}
