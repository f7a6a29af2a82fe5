import { expect, it } from 'vitest';
import { describeEachStore } from './test-stores';
import { useTestApp } from './test-app';

type Operation = { operationId?: string };

describeEachStore('OpenAPI document', (kind) => {
  const t = useTestApp(kind);

  it('is generated from the routes: every operation has a unique operationId', async () => {
    const res = await t.call('GET', '/api/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, Operation>> };
    expect(doc.openapi).toMatch(/^3\./);
    const ids = Object.values(doc.paths).flatMap((item) => Object.values(item).map((op) => op.operationId));
    expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    // The foundation's own operations; later features add theirs and are checked by their own tests.
    expect(ids).toEqual(expect.arrayContaining(['getHealth', 'login', 'getCurrentAccount', 'logout']));
  });

  it('describes validation errors with the shared ApiError shape', async () => {
    const doc = (await (await t.call('GET', '/api/openapi.json')).json()) as {
      paths: Record<
        string,
        Record<string, { responses: Record<string, { content?: Record<string, { schema: { properties?: object } }> }> }>
      >;
    };
    const bad = doc.paths['/api/auth/login']!.post!.responses['400']!;
    expect(Object.keys(bad.content!['application/json']!.schema.properties ?? {})).toEqual(['error']);
  });
});
