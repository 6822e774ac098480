import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Histogram, Summary } from 'prom-client';
import { EngineMetrics } from '@app/observability';

interface Target {
  readonly expr: string;
  readonly datasource: { readonly type: string; readonly uid: string };
}
interface Panel {
  readonly id: number;
  readonly type: string;
  readonly title: string;
  readonly gridPos: { readonly h: number; readonly w: number; readonly x: number; readonly y: number };
  readonly targets?: readonly Target[];
}
interface Dashboard {
  readonly schemaVersion: number;
  readonly uid: string;
  readonly title: string;
  readonly panels: readonly Panel[];
  readonly templating: { readonly list: readonly { readonly name: string; readonly type: string; readonly query: unknown }[] };
}

const dashboard = JSON.parse(readFileSync(join(__dirname, '../../../../infra/grafana/grants-engine.json'), 'utf8')) as Dashboard;

/** Every series name the engine's registry can export (a histogram's `_bucket`, `_sum`, `_count`). */
function exportedSeries(): Set<string> {
  const names = new Set<string>();
  for (const metric of new EngineMetrics({ defaultMetrics: false }).registry.getMetricsAsArray()) {
    const { name } = metric;
    const suffixes = metric instanceof Histogram ? ['_bucket', '_sum', '_count'] : metric instanceof Summary ? ['', '_sum', '_count'] : [''];
    for (const suffix of suffixes) names.add(`${name}${suffix}`);
  }
  return names;
}

describe('the Grafana dashboard (infra/grafana/grants-engine.json)', () => {
  const panels = dashboard.panels.filter((p) => p.type !== 'row');
  const targets = panels.flatMap((p) => p.targets ?? []);

  it('is importable: a schema version, a uid, and a Prometheus data source variable every query uses', () => {
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(36);
    expect(dashboard.uid).toBe('grants-engine');
    expect(dashboard.templating.list).toContainEqual(expect.objectContaining({ name: 'datasource', type: 'datasource', query: 'prometheus' }));
    expect(targets.length).toBeGreaterThan(0);
    for (const target of targets) expect(target.datasource).toEqual({ type: 'prometheus', uid: '${datasource}' });
    expect(new Set(dashboard.panels.map((p) => p.id)).size).toBe(dashboard.panels.length);
    for (const p of dashboard.panels) expect(p.gridPos.x + p.gridPos.w).toBeLessThanOrEqual(24);
  });

  it('queries only series the engine exports', () => {
    const exported = exportedSeries();
    const named = new Set(targets.flatMap((t) => t.expr.match(/\bgrants_[a-z0-9_]+/g) ?? []));
    expect(named.size).toBeGreaterThan(0);
    expect([...named].filter((name) => !exported.has(name))).toEqual([]);
  });

  it('shows what an operator watches', () => {
    const exprs = targets.map((t) => t.expr).join('\n');
    for (const series of [
      'grants_http_requests_total',
      'grants_http_request_duration_seconds_bucket',
      'grants_command_duration_seconds_bucket',
      'grants_subscription_lag_events',
      'grants_subscription_lag_seconds',
      'grants_webhook_deliveries_total',
      'grants_queue_jobs',
    ]) {
      expect(exprs).toContain(series);
    }
  });
});
