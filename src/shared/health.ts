import * as v from 'valibot';

/** What `GET /healthz` answers; the e2e harness and operators poll it. */
export const HealthSchema = v.object({
  status: v.literal('ok'),
  store: v.picklist(['pglite', 'postgres']),
  version: v.string(),
});
export type Health = v.InferOutput<typeof HealthSchema>;
