import '../i18n/screen-messages';
import { useEffect, useState } from 'preact/hooks';
import * as v from 'valibot';
import { CatalogCourseSchema, type CatalogCourse } from '../../shared/course/catalog';
import { db } from '../../db/database';
import { reachableHub } from '../../sync/choose-sync-target';
import { apiFetch } from '../api/api-fetch';
import { CatalogItem } from './CatalogItem';
import { ImportCourseFile } from './ImportCourseFile';
import { restoreDownloads } from './course-download-client';
import { formatBytes } from '../i18n/format';
import { useInstalledRecords } from './use-installed-records';
import { useStorageInfo } from './use-storage-info';
import { t } from '../i18n/t';
import { activeProfile } from '../profiles/active-profile';

/** `GET /api/courses`: every course, withdrawn ones too. */
const CatalogSchema = v.array(CatalogCourseSchema);

type Load = { kind: 'loading' } | { kind: 'ok'; courses: CatalogCourse[] } | { kind: 'offline' } | { kind: 'failed' };

/**
 * The catalog from the office hub when one is set and answers (it lists what it has mirrored, and
 * the downloads then come from it too), else — or when the hub cannot answer — from the server.
 */
async function loadCatalog(token: string) {
  const hub = await reachableHub(db, (input, init) => fetch(input, init));
  if (hub) {
    const res = await apiFetch(`${hub.baseUrl}/api/courses`, CatalogSchema, { token });
    if (res.ok) return res;
  }
  return apiFetch('/api/courses', CatalogSchema, { token });
}

/** `/katalog`: courses on the server with their sizes, free space, and downloads in progress. */
export function CatalogScreen() {
  const token = activeProfile.value?.token ?? null;
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  const installed = useInstalledRecords();
  const storage = useStorageInfo();

  useEffect(() => {
    void restoreDownloads(token);
    if (!token) return;
    void loadCatalog(token).then((res) =>
      setLoad(res.ok ? { kind: 'ok', courses: res.data } : { kind: res.code === 'offline' ? 'offline' : 'failed' }),
    );
  }, [token]);

  // eslint-disable-next-line react-hooks/exhaustive-deps -- `storage` is a new object each render; free space changes as courses arrive
  useEffect(() => storage.refresh(), [installed]);

  const free = storage.quota !== null && storage.usage !== null ? storage.quota - storage.usage : null;
  return (
    <section class="catalog" aria-labelledby="catalog-title">
      <h1 id="catalog-title">{t('catalog.title')}</h1>
      {free !== null && <p class="catalog-free">{t('catalog.freeSpace', { free: formatBytes(free) })}</p>}
      {!token && <p>{t('catalog.signInFirst')}</p>}
      {token && load.kind === 'loading' && <p>{t('catalog.loading')}</p>}
      {load.kind === 'offline' && <p>{t('catalog.offline')}</p>}
      {load.kind === 'failed' && <p role="alert">{t('catalog.loadFailed')}</p>}
      {load.kind === 'ok' && load.courses.length === 0 && <p>{t('catalog.empty')}</p>}
      {load.kind === 'ok' && token && (
        <ul class="catalog-list">
          {load.courses.map((course) => (
            <CatalogItem
              key={course.id}
              course={course}
              installed={installed?.find((c) => c.id === course.id)}
              token={token}
            />
          ))}
        </ul>
      )}
      <ImportCourseFile />
      <p>
        <a href="/penyimpanan">{t('catalog.storageLink')}</a>
      </p>
    </section>
  );
}
