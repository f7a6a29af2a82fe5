// The keys of bench/results/latest.json, in table order, each with its target (if any) from docs/benchmarks.md.
// Sync figures count post-test attempts (12 answers + the attempt); `_1q` keys count one-question attempts.

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
  { key: 'precache_gzip_bytes', unit: 'B' },
  {
    key: 'first_visit_with_precache_gzip_bytes',
    unit: 'B',
    target: atMost(150 * 1024, '≤ 150 KB'),
  },
  { key: 'lighthouse_tbt_ms', unit: 'ms', target: atMost(150, '≤ 150 ms') },
  { key: 'framework_floor_gzip_bytes', unit: 'B' },
  { key: 'offline_relaunch_ms', unit: 'ms' },
  { key: 'bare_sw_page_ms', unit: 'ms' },
  { key: 'offline_relaunch_ratio', unit: '×', target: atMost(1.3, '≤ 1.3') },
  { key: 'answer_save_p95_ms', unit: 'ms' },
  { key: 'bare_put_p95_ms', unit: 'ms' },
  { key: 'answer_save_ratio', unit: '×', target: atMost(1.5, '≤ 1.5') },
  { key: 'sync_bytes_per_attempt', unit: 'B', target: atMost(200, '≤ 200 B') },
  { key: 'sync_round_trips_1000', unit: '', target: atMost(5, '≤ 5') },
  { key: 'push_per_s_small', unit: '/s' },
  { key: 'peer_push_per_s_small', unit: '/s' },
  { key: 'push_vs_peer_small', unit: '×', target: atLeast(1, '≥ 1.0') },
  { key: 'push_per_s_large', unit: '/s' },
  { key: 'peer_push_per_s_large', unit: '/s' },
  { key: 'push_vs_peer_large', unit: '×', target: atLeast(1, '≥ 1.0') },
  { key: 'push_rate_large_vs_small', unit: '×', target: atLeast(1, '≥ 1.0') },
  { key: 'replay_per_s_small', unit: '/s' },
  { key: 'peer_replay_per_s_small', unit: '/s' },
  { key: 'replay_vs_peer_small', unit: '×', target: atLeast(1, '≥ 1.0') },
  { key: 'replay_per_s_large', unit: '/s' },
  { key: 'peer_replay_per_s_large', unit: '/s' },
  { key: 'replay_vs_peer_large', unit: '×', target: atLeast(1, '≥ 1.0') },
  { key: 'push_bytes_per_attempt', unit: 'B' },
  { key: 'peer_push_bytes_per_attempt', unit: 'B' },
  { key: 'push_bytes_vs_peer', unit: '×', target: atMost(0.25, '≤ 0.25') },
  { key: 'push_requests_1000', unit: '' },
  { key: 'peer_push_requests_1000', unit: '' },
  { key: 'push_requests_vs_peer', unit: '×' },
  { key: 'sync_slow2g_ms', unit: 'ms' },
  { key: 'sync_slow2g_bound_ms', unit: 'ms' },
  { key: 'sync_slow2g_ratio', unit: '×', target: atMost(1.3, '≤ 1.3') },
  { key: 'ingest_http_per_s_postgres', unit: '/s' },
  { key: 'ingest_raw_per_s_postgres', unit: '/s' },
  { key: 'ingest_ratio_postgres', unit: '×', target: atLeast(0.6, '≥ 0.6') },
  { key: 'replay_http_per_s_postgres', unit: '/s' },
  { key: 'ingest_ratio_postgres_1q', unit: '×' },
  { key: 'replay_http_per_s_postgres_1q', unit: '/s', target: atLeast(50_000, '≥ 50,000/s') },
  { key: 'ingest_http_per_s_pglite', unit: '/s' },
  { key: 'ingest_raw_per_s_pglite', unit: '/s' },
  { key: 'ingest_ratio_pglite', unit: '×' },
  { key: 'replay_http_per_s_pglite', unit: '/s' },
  { key: 'delta_update_ratio', unit: '×', target: atMost(1.05, '≤ 1.05') },
  { key: 'refetch_bytes_per_interruption', unit: 'B' },
  { key: 'chunk_bytes', unit: 'B' },
  { key: 'office_50_p99_ratio', unit: '×', target: atMost(4, '≤ 4') },
  { key: 'office_50_errors', unit: '', target: atMost(0, '= 0') },
  { key: 'office_50_p99_ratio_loopback', unit: '×' },
  { key: 'report_query_ms', unit: 'ms', target: atMost(1000, '≤ 1 s') },
  { key: 'ingest_procs_1_per_s', unit: '/s' },
  { key: 'ingest_procs_2_per_s', unit: '/s' },
  { key: 'ingest_procs_3_per_s', unit: '/s' },
  { key: 'scale_total_bytes', unit: 'B' },
  { key: 'scale_push_small_p95_ms', unit: 'ms' },
  { key: 'scale_push_full_p95_ms', unit: 'ms' },
  { key: 'scale_report_ms', unit: 'ms', target: atMost(1000, '≤ 1 s') },
];
