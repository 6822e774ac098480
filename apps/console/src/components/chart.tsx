import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartConfiguration,
  Legend,
  LinearScale,
  Tooltip,
} from 'chart.js';
import { useEffect, useRef } from 'react';

// Only the parts the dashboard draws, so the bundle carries no unused chart types.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

/** Colours of the data series, readable on white and for the common colour-vision deficiencies. */
export const SERIES_COLOURS = ['#1d4ed8', '#0f766e', '#b45309', '#7c3aed', '#be123c'];

/**
 * A Chart.js bar chart; drawn again when its configuration changes. The canvas carries a text
 * alternative, and each chart sits beside a table or figures with the same numbers.
 */
export function BarChart({ config, label, height = 260 }: { readonly config: ChartConfiguration<'bar'>; readonly label: string; readonly height?: number }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const element = canvas.current;
    if (!element) return;
    const chart = new Chart(element, { ...config, options: { responsive: true, maintainAspectRatio: false, animation: false, ...config.options } });
    return () => chart.destroy();
  }, [config]);
  return (
    <div className="chart" style={{ height }}>
      <canvas ref={canvas} role="img" aria-label={label} />
    </div>
  );
}
