// GET /healthz and GET /metrics of `partnerlens serve`, on a loopback address unless the admin says otherwise.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isIP } from 'node:net';
import type { Health, SyncService } from './service.js';

/** 127.0.0.0/8, ::1 (and its IPv4-mapped form) and localhost: only this machine can connect. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1' || /^::ffff:127\./.test(h);
  return false;
}

const escapeLabel = (v: string): string => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');

/** The Prometheus text exposition format (version 0.0.4) of the service's counters and gauges. */
export function metricsText(service: SyncService): string {
  const h: Health = service.health();
  const c = service.counters;
  const out: string[] = [];
  const metric = (name: string, type: 'counter' | 'gauge', help: string, samples: [Record<string, string>, number][]): void => {
    out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [labels, value] of samples) {
      const l = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',');
      out.push(`${name}${l === '' ? '' : `{${l}}`} ${Number.isFinite(value) ? value : 'NaN'}`);
    }
  };
  const statuses = ['Succeeded', 'Partial', 'Paused', 'Failed', ...Object.keys(c.runs).filter((s) => !['Succeeded', 'Partial', 'Paused', 'Failed'].includes(s))];
  metric('partnerlens_sync_runs_total', 'counter', 'Sync runs by how they ended.', statuses.map((s) => [{ status: s }, c.runs[s] ?? 0]));
  metric('partnerlens_sync_triggers_total', 'counter', 'Sync runs by what started them.', Object.entries(c.triggers).map(([t, n]) => [{ trigger: t }, n]));
  metric('partnerlens_records_written_total', 'counter', 'Records the syncs wrote, by action.', Object.entries(c.records).map(([a, n]) => [{ action: a }, n]));
  metric('partnerlens_records_failed_total', 'counter', 'Records and file rows that failed (see each run\'s errors.csv).', [[{}, c.recordsFailed]]);
  metric('partnerlens_api_calls_total', 'counter', 'API calls made to the org (syncs and budget checks).', [[{}, c.apiCalls]]);
  metric('partnerlens_sync_failures_total', 'counter', 'Sync runs that failed (threw or ended Failed).', [[{}, c.failures]]);
  metric('partnerlens_budget_pauses_total', 'counter', 'Times the API budget guard paused the service.', [[{}, c.pauses]]);
  metric('partnerlens_paused', 'gauge', '1 while paused by the API budget guard.', [[{}, h.paused === false ? 0 : 1]]);
  metric('partnerlens_lag_seconds', 'gauge', 'Seconds since the start of the last sync that finished (since the service started before the first).', [[{}, h.lagSeconds]]);
  metric('partnerlens_cycles_total', 'counter', 'Cycles: syncs, and budget checks while paused.', [[{}, h.cycles]]);
  metric('partnerlens_last_success_timestamp_seconds', 'gauge', 'When the last sync that finished ended (Unix time; 0 before the first).', [[{}, h.lastSuccessAt === undefined ? 0 : Date.parse(h.lastSuccessAt) / 1000]]);
  if (h.events !== undefined) {
    metric('partnerlens_events_received_total', 'counter', 'Change events received (event mode).', [[{}, h.events.received]]);
    metric('partnerlens_event_gaps_total', 'counter', 'Replay ids the org no longer had: each fell back to an incremental read.', [[{}, h.events.gaps]]);
    metric('partnerlens_events_reconnects_total', 'counter', 'Reconnects of the change event connection after a drop.', [[{}, h.events.reconnects]]);
    metric('partnerlens_events_connected', 'gauge', '1 while the change event connection is up.', [[{}, h.events.connected ? 1 : 0]]);
  }
  return `${out.join('\n')}\n`;
}

export interface HealthServer {
  url: string;
  close(): Promise<void>;
}

/** Serves /healthz (JSON; 503 while the last run failed) and /metrics. */
export async function startHealthServer(service: SyncService, host: string, port: number): Promise<HealthServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'application/json' });
      return res.end(JSON.stringify({ error: `Method ${req.method} not allowed: use GET /healthz or GET /metrics.` }));
    }
    if (path === '/healthz') {
      const h = service.health();
      res.writeHead(h.status === 'failing' ? 503 : 200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
      return res.end(req.method === 'HEAD' ? undefined : JSON.stringify(h));
    }
    if (path === '/metrics') {
      res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8', 'Cache-Control': 'no-store' });
      return res.end(req.method === 'HEAD' ? undefined : metricsText(service));
    }
    res.writeHead(404, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ error: `No ${path} here: use GET /healthz or GET /metrics.` }));
  });
  server.keepAliveTimeout = 2_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shown}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
