import { expect, it } from 'vitest';
import { describeEachStore } from '../../../tests/server/test-stores';
import { useTestApp } from '../../../tests/server/test-app';

describeEachStore('GET /healthz', (kind) => {
  const t = useTestApp(kind, { version: '9.9.9-test' });

  it('names the store and the version', async () => {
    const res = await t.call('GET', '/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', store: kind.name, version: '9.9.9-test' });
  });
});
