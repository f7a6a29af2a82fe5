import '../i18n/staff-messages';
import { useEffect, useState } from 'preact/hooks';
import type { Region } from '../../shared/monitoring/regions';
import { t } from '../i18n/t';
import { searchRegions } from './monitoring-api';

const LEVEL_KEYS = ['mon.level.1', 'mon.level.1', 'mon.level.2', 'mon.level.3', 'mon.level.4'] as const;

/** Jump to any region of one's own by name or code (e.g. "Poncosari" or "34.02.01"). */
export function RegionSearch({ token, within }: { token: string; within: string | null }) {
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<Region[]>([]);
  useEffect(() => {
    const q = query.trim();
    if (q.length < 2) {
      setFound([]);
      return;
    }
    let current = true;
    // Typing "poncosari" should cost one request, not nine.
    const timer = setTimeout(() => {
      void searchRegions(token, q, within).then((r) => {
        if (current && r.ok) setFound(r.data.regions);
      });
    }, 250);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [query, token, within]);
  return (
    <div class="region-search" role="search">
      <label for="region-search">{t('mon.search.label')}</label>
      <input
        id="region-search"
        type="search"
        value={query}
        placeholder={t('mon.search.placeholder')}
        onInput={(e) => setQuery(e.currentTarget.value)}
      />
      {found.length > 0 && (
        <ul class="monitoring__list" data-testid="region-search-results">
          {found.map((r) => (
            <li key={r.code}>
              <a href={`/pantau/${r.code}`} onClick={() => setQuery('')}>
                {r.name}
              </a>{' '}
              <small>
                {t(LEVEL_KEYS[r.level] ?? 'mon.level.4')} · {r.code}
              </small>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
