// Turns the figures of one run into bench/results/latest.json: the result keys at the top level,
// every one measured or listed under `absent` with the reason; nothing else is invented.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { RESULT_KEYS } from './result-keys';

export interface BenchRun {
  mode: 'quick' | 'full';
  figures: Record<string, number>;
  /** Key → why it could not be measured in this run. */
  absent: Record<string, string>;
  /** How each figure was measured in this run (sizes, counts, stores), for the reader of the JSON. */
  details: Record<string, unknown>;
  machine: Record<string, unknown>;
  versions: Record<string, string>;
  date: string;
}

/**
 * Builds the JSON object; throws if a figure is not a finite number or a key is neither measured nor explained.
 * @example resultsJson(run).first_load_js_gzip_bytes
 */
export function resultsJson(run: BenchRun): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(run.figures)) {
    if (typeof value !== 'number' || !Number.isFinite(value))
      throw new Error(`figure ${key} is not a number: ${value}`);
  }
  for (const { key } of RESULT_KEYS) {
    if (key in run.figures) out[key] = run.figures[key];
    else if (!run.absent[key]) throw new Error(`key ${key} was neither measured nor given a reason`);
  }
  // Extra figures (the issue allows more) after the fixed ones.
  for (const [key, value] of Object.entries(run.figures)) if (!(key in out)) out[key] = value;
  const absent = Object.fromEntries(Object.entries(run.absent).filter(([key]) => !(key in run.figures)));
  return {
    ...out,
    absent,
    mode: run.mode,
    details: run.details,
    machine: run.machine,
    versions: run.versions,
    date: run.date,
  };
}

/** Writes the results file (creating its folder) and returns the object written. */
export function writeResults(path: string, run: BenchRun): Record<string, unknown> {
  const json = resultsJson(run);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(json, null, 2)}\n`);
  return json;
}
