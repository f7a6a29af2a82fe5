import { describe, expect, it } from 'vitest';
import { learnerWithToken } from '../../../tests/server/sync-fixtures';
import { describeEachStore } from '../../../tests/server/test-stores';
import { listAuditEntries } from './list-audit-entries';
import { recordAudit } from './record-audit';

describeEachStore('audit log: recordAudit and listAuditEntries', (kind) => {
  describe('on a fresh store', () => {
    it('keeps who did what to which target, in which region, with its detail; newest first', async () => {
      const { store, drop } = await kind.open();
      try {
        const admin = await learnerWithToken(store, 'admin-1', 'admin');
        await recordAudit(store, {
          actorId: admin.id,
          action: 'staff.create',
          targetType: 'user',
          targetId: 'u-1',
          regionCode: '34.02',
          detail: { role: 'monitor' },
        });
        await recordAudit(store, {
          actorId: admin.id,
          action: 'course.publish',
          targetType: 'course',
          targetId: 'keuangan-desa',
          regionCode: null,
        });
        const all = await listAuditEntries(store, { scope: '', limit: 10 });
        expect(all.map((e) => e.action)).toEqual(['course.publish', 'staff.create']);
        expect(all[1]).toMatchObject({
          actorId: admin.id,
          actorUsername: 'admin-1',
          targetType: 'user',
          targetId: 'u-1',
          regionCode: '34.02',
          detail: { role: 'monitor' },
        });
        expect(all[0]!.detail).toEqual({});
        expect(Number.isNaN(Date.parse(all[0]!.at))).toBe(false);
      } finally {
        await drop();
      }
    });

    it('a region scope reads entries inside it only, never national or a neighbour’s; pages by id', async () => {
      const { store, drop } = await kind.open();
      try {
        const admin = await learnerWithToken(store, 'admin-2', 'admin');
        const at = (regionCode: string | null, targetId: string) =>
          recordAudit(store, {
            actorId: admin.id,
            action: 'learner.enrol',
            targetType: 'learner',
            targetId,
            regionCode,
          });
        await at('34.02', 'kabupaten');
        await at('34.02.01.2001', 'desa');
        await at('34.021', 'lookalike-prefix');
        await at('34.03.01.2001', 'neighbour');
        await at(null, 'national');
        const bantul = await listAuditEntries(store, { scope: '34.02', limit: 10 });
        expect(bantul.map((e) => e.targetId)).toEqual(['desa', 'kabupaten']);
        const page1 = await listAuditEntries(store, { scope: '', limit: 2 });
        const page2 = await listAuditEntries(store, { scope: '', limit: 2, before: page1[1]!.id });
        expect([...page1, ...page2].map((e) => e.targetId)).toEqual([
          'national',
          'neighbour',
          'lookalike-prefix',
          'desa',
        ]);
        expect(await listAuditEntries(store, { scope: '', limit: 10, action: 'course.publish' })).toEqual([]);
      } finally {
        await drop();
      }
    });
  });
});
