// The Grafana dashboard shipped for docker compose (docker/grafana/dashboards/hotline.json), and the
// metric names its queries read: the unit test checks the API's against its registry, the
// integration test the worker's against what Temporal Core really serves.
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface DashboardPanel {
  type: string;
  title: string;
  datasource?: { type: string; uid: string };
  targets?: { refId: string; expr: string; datasource?: { uid: string } }[];
  gridPos: { x: number; y: number; w: number; h: number };
}

export const dashboardFile = path.resolve(__dirname, '../../docker/grafana/dashboards/hotline.json');

export const readDashboard = (): { uid: string; title: string; panels: DashboardPanel[] } => JSON.parse(readFileSync(dashboardFile, 'utf8'));

/** Every metric name the dashboard's queries read, a histogram's _bucket/_count/_sum as written. */
export function dashboardMetrics(prefix: 'hotline_' | 'temporal_'): string[] {
  const exprs = readDashboard().panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));
  const names = exprs.flatMap((e) => [...e.matchAll(new RegExp(`\\b${prefix}[a-z_]+`, 'g'))].map((m) => m[0]));
  return [...new Set(names)].sort();
}
