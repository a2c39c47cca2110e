import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartDataset,
} from 'chart.js';
import type { MinuteCounts, TrailEntry } from '../../server/dashboard/wire.js';

// Only the parts drawn here, so the bundle carries no unused chart types.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Legend, Tooltip);

const MINUTE = 60_000;
const MIN_SPAN = 6;
const MAX_SPAN = 30;
const SERIES = 7;
const PALETTE = ['#3b82f6', '#10b981', '#f59e0b', '#8b5cf6', '#06b6d4', '#ec4899', '#84cc16', '#94a3b8'];

/** Calls per minute, stacked by operation, with errors as a line over them. */
export class CallsChart {
  readonly #chart: Chart<'bar' | 'line', number[], string>;
  readonly #minutes = new Map<number, MinuteCounts>();
  #pending = false;

  constructor(canvas: HTMLCanvasElement) {
    this.#chart = new Chart<'bar' | 'line', number[], string>(canvas, {
      type: 'bar',
      data: { labels: [], datasets: [] },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: 'index', intersect: false },
        scales: {
          x: { stacked: true, grid: { display: false }, ticks: { maxRotation: 0, autoSkipPadding: 12 } },
          y: { stacked: true, beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'calls / min' } },
        },
        plugins: { legend: { position: 'top', align: 'start', labels: { boxWidth: 10, boxHeight: 10, font: { size: 11 } } } },
      },
    });
  }

  reset(minutes: MinuteCounts[]): void {
    this.#minutes.clear();
    for (const m of minutes) this.#minutes.set(m.minute, { minute: m.minute, byOperation: { ...m.byOperation }, errors: m.errors });
    this.#schedule();
  }

  add(entries: TrailEntry[]): void {
    for (const e of entries) {
      const minute = Math.floor(e.eventTime / MINUTE) * MINUTE;
      let m = this.#minutes.get(minute);
      if (!m) this.#minutes.set(minute, (m = { minute, byOperation: {}, errors: 0 }));
      m.byOperation[e.operation] = (m.byOperation[e.operation] ?? 0) + 1;
      if (e.errorCode) m.errors++;
    }
    this.#schedule();
  }

  #schedule(): void {
    if (this.#pending) return;
    this.#pending = true;
    requestAnimationFrame(() => {
      this.#pending = false;
      this.#draw();
    });
  }

  #draw(): void {
    const keys = [...this.#minutes.keys()];
    if (keys.length === 0) {
      this.#chart.data.labels = [];
      this.#chart.data.datasets = [];
      this.#chart.update();
      return;
    }
    const end = Math.max(...keys);
    const start = Math.max(end - (MAX_SPAN - 1) * MINUTE, Math.min(Math.min(...keys), end - (MIN_SPAN - 1) * MINUTE));
    const span: number[] = [];
    for (let t = start; t <= end; t += MINUTE) span.push(t);

    const totals = new Map<string, number>();
    for (const t of span) {
      for (const [op, n] of Object.entries(this.#minutes.get(t)?.byOperation ?? {})) totals.set(op, (totals.get(op) ?? 0) + n);
    }
    const ranked = [...totals.entries()].sort((a, b) => b[1] - a[1]).map(([op]) => op);
    const shown = ranked.length > SERIES + 1 ? ranked.slice(0, SERIES) : ranked;
    const rest = new Set(ranked.slice(shown.length));

    const datasets: ChartDataset<'bar' | 'line', number[]>[] = shown.map((op, i) => ({
      type: 'bar' as const,
      label: op,
      data: span.map((t) => this.#minutes.get(t)?.byOperation[op] ?? 0),
      backgroundColor: PALETTE[i % PALETTE.length],
      stack: 'calls',
    }));
    if (rest.size > 0) {
      datasets.push({
        type: 'bar' as const,
        label: `${rest.size} other`,
        data: span.map((t) => {
          const by = this.#minutes.get(t)?.byOperation ?? {};
          return [...rest].reduce((sum, op) => sum + (by[op] ?? 0), 0);
        }),
        backgroundColor: PALETTE[PALETTE.length - 1],
        stack: 'calls',
      });
    }
    datasets.push({
      type: 'line' as const,
      label: 'errors',
      data: span.map((t) => this.#minutes.get(t)?.errors ?? 0),
      borderColor: '#dc2626',
      backgroundColor: '#dc2626',
      borderWidth: 2,
      pointRadius: 3,
      stack: 'errors',
      order: -1,
    });
    this.#chart.data.labels = span.map((t) => new Date(t).toISOString().slice(11, 16));
    this.#chart.data.datasets = datasets;
    this.#chart.update();
  }
}
