/**
 * Prometheus text exposition (format 0.0.4), written by hand: a node's metrics are a few families
 * read at scrape time, plus histograms that cost one array increment per observation.
 */
export type Labels = Record<string, string>;

export interface Sample {
  labels?: Labels;
  value: number;
}

/** One metric family: its HELP and TYPE lines, then a line per sample. */
export function family(name: string, help: string, type: 'counter' | 'gauge', samples: Sample[]): string {
  let out = `# HELP ${name} ${help}\n# TYPE ${name} ${type}\n`;
  for (const s of samples) out += `${name}${labelText(s.labels)} ${formatValue(s.value)}\n`;
  return out;
}

/** A histogram with fixed buckets, one series per distinct label set. */
export class Histogram {
  private readonly series = new Map<string, { labels: Labels; counts: number[]; sum: number; count: number }>();

  constructor(
    private readonly name: string,
    private readonly help: string,
    private readonly buckets: readonly number[],
  ) {}

  observe(labels: Labels, value: number): void {
    const id = labelText(labels);
    let s = this.series.get(id);
    if (!s) this.series.set(id, (s = { labels, counts: new Array<number>(this.buckets.length).fill(0), sum: 0, count: 0 }));
    for (let i = 0; i < this.buckets.length; i++) if (value <= this.buckets[i]) s.counts[i]++;
    s.sum += value;
    s.count++;
  }

  render(): string {
    let out = `# HELP ${this.name} ${this.help}\n# TYPE ${this.name} histogram\n`;
    for (const s of this.series.values()) {
      this.buckets.forEach((b, i) => (out += `${this.name}_bucket${labelText({ ...s.labels, le: String(b) })} ${s.counts[i]}\n`));
      out += `${this.name}_bucket${labelText({ ...s.labels, le: '+Inf' })} ${s.count}\n`;
      out += `${this.name}_sum${labelText(s.labels)} ${formatValue(s.sum)}\n${this.name}_count${labelText(s.labels)} ${s.count}\n`;
    }
    return out;
  }
}

function labelText(labels: Labels | undefined): string {
  const entries = Object.entries(labels ?? {});
  if (entries.length === 0) return '';
  return `{${entries.map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"')}"`).join(',')}}`;
}

function formatValue(v: number): string {
  return Number.isFinite(v) ? String(v) : v > 0 ? '+Inf' : v < 0 ? '-Inf' : 'NaN';
}
