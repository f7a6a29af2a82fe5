// The keys of bench/results/latest.json, in table order, each with its target (if any) from docs/benchmarks.md.

export interface KeySpec {
  key: string;
  unit: string;
  /** The target (docs/benchmarks.md), as a check and a printable text. */
  target?: { text: string; met: (value: number) => boolean };
}

const atMost = (limit: number, text: string) => ({ text, met: (v: number) => v <= limit });
const atLeast = (limit: number, text: string) => ({ text, met: (v: number) => v >= limit });

export const RESULT_KEYS: readonly KeySpec[] = [
  { key: 'first_load_js_gzip_bytes', unit: 'B', target: atMost(70 * 1024, '≤ 70 KB') },
  { key: 'first_load_total_gzip_bytes', unit: 'B' },
  { key: 'framework_floor_gzip_bytes', unit: 'B' },
  { key: 'offline_relaunch_ms', unit: 'ms' },
  { key: 'bare_sw_page_ms', unit: 'ms' },
  { key: 'offline_relaunch_ratio', unit: '×', target: atMost(1.3, '≤ 1.3') },
  { key: 'answer_save_p95_ms', unit: 'ms' },
  { key: 'bare_put_p95_ms', unit: 'ms' },
  { key: 'answer_save_ratio', unit: '×', target: atMost(1.5, '≤ 1.5') },
  { key: 'sync_bytes_per_attempt', unit: 'B', target: atMost(150, '≤ 150 B') },
  { key: 'sync_round_trips_1000', unit: '', target: atMost(3, '≤ 3') },
  { key: 'sync_slow2g_ms', unit: 'ms' },
  { key: 'sync_slow2g_bound_ms', unit: 'ms' },
  { key: 'sync_slow2g_ratio', unit: '×', target: atMost(1.3, '≤ 1.3') },
  { key: 'ingest_http_per_s_postgres', unit: '/s' },
  { key: 'ingest_raw_per_s_postgres', unit: '/s' },
  { key: 'ingest_ratio_postgres', unit: '×', target: atLeast(0.6, '≥ 0.6') },
  { key: 'replay_http_per_s_postgres', unit: '/s', target: atLeast(50_000, '≥ 50,000/s') },
  { key: 'ingest_http_per_s_pglite', unit: '/s' },
  { key: 'ingest_raw_per_s_pglite', unit: '/s' },
  { key: 'ingest_ratio_pglite', unit: '×' },
  { key: 'replay_http_per_s_pglite', unit: '/s' },
  { key: 'delta_update_ratio', unit: '×', target: atMost(1.05, '≤ 1.05') },
  { key: 'refetch_bytes_per_interruption', unit: 'B' },
  { key: 'chunk_bytes', unit: 'B' },
  { key: 'office_50_p99_ratio', unit: '×', target: atMost(4, '≤ 4') },
  { key: 'office_50_errors', unit: '', target: atMost(0, '= 0') },
  { key: 'report_query_ms', unit: 'ms', target: atMost(1000, '≤ 1 s') },
  { key: 'ingest_procs_1_per_s', unit: '/s' },
  { key: 'ingest_procs_2_per_s', unit: '/s' },
  { key: 'ingest_procs_3_per_s', unit: '/s' },
  { key: 'scale_total_bytes', unit: 'B' },
  { key: 'scale_push_small_p95_ms', unit: 'ms' },
  { key: 'scale_push_full_p95_ms', unit: 'ms' },
  { key: 'scale_report_ms', unit: 'ms', target: atMost(1000, '≤ 1 s') },
];
