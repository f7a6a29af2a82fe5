import '../i18n/staff-messages';
import { useEffect, useState } from 'preact/hooks';
import type { Region } from '../../shared/monitoring/regions';
import type { MessageKey } from '../i18n/messages';
import { t } from '../i18n/t';
import { fetchChildRegions, findRegions } from './learners-api';
import './monitoring-tools.css';

const LEVEL_KEYS: Record<number, MessageKey> = {
  1: 'mon.level.1',
  2: 'mon.level.2',
  3: 'mon.level.3',
  4: 'mon.level.4',
};

export interface RegionPickerProps {
  token: string;
  /** Prefix of the element ids (a page may hold two pickers). */
  id: string;
  label: string;
  value: Region | null;
  onChange: (region: Region | null) => void;
  /** List the children of this region (a kecamatan's villages) and filter them as the user types. */
  childrenOf?: string;
  /** Otherwise search the server by name, inside this region (null: all of Indonesia). */
  within?: string | null;
  /** Offer only these levels (1 provinsi … 4 desa). */
  levels?: number[];
  required?: boolean;
}

/**
 * Choose a region by its name, never by typing a Kemendagri code: a search box and the list of
 * matches as a native list box (keyboard, screen readers and phones all know it), the choice
 * spelled out under it with its code.
 */
export function RegionPicker(props: RegionPickerProps) {
  const { token, id, label, value, onChange, childrenOf, within = null, levels, required } = props;
  const [query, setQuery] = useState('');
  const [children, setChildren] = useState<Region[] | null>(null);
  const [found, setFound] = useState<Region[]>([]);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    if (!childrenOf) return;
    let current = true;
    void fetchChildRegions(token, childrenOf).then((r) => {
      if (!current) return;
      setFailed(!r.ok);
      setChildren(r.ok ? r.data.regions : []);
    });
    return () => {
      current = false;
    };
  }, [token, childrenOf]);

  useEffect(() => {
    if (childrenOf) return;
    const q = query.trim();
    if (q.length < 2) {
      setFound([]);
      return;
    }
    let current = true;
    // Typing "poncosari" should cost one request, not nine.
    const timer = setTimeout(() => {
      void findRegions(token, q, within).then((r) => {
        if (!current) return;
        setFailed(!r.ok);
        setFound(r.ok ? r.data.regions : []);
      });
    }, 250);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [token, childrenOf, within, query]);

  const text = query.trim().toLowerCase();
  const pool = childrenOf ? (children ?? []).filter((r) => r.name.toLowerCase().includes(text)) : found;
  const offered = pool.filter((r) => !levels || levels.includes(r.level));
  // The chosen region stays in the list while the user types something else.
  const options = value && !offered.some((r) => r.code === value.code) ? [value, ...offered] : offered;
  const waiting = childrenOf ? children === null : text.length < 2;

  return (
    <fieldset class="region-picker">
      <legend>{label}</legend>
      <label for={`${id}-q`}>{t('picker.search')}</label>
      <input
        id={`${id}-q`}
        type="search"
        autocomplete="off"
        value={query}
        placeholder={t(childrenOf ? 'picker.filterPlaceholder' : 'picker.searchPlaceholder')}
        onInput={(e) => setQuery(e.currentTarget.value)}
      />
      <label for={`${id}-list`}>{t('picker.choose')}</label>
      <select
        id={`${id}-list`}
        size={Math.min(6, Math.max(3, options.length))}
        required={required}
        value={value?.code ?? ''}
        onChange={(e) => onChange(options.find((r) => r.code === e.currentTarget.value) ?? null)}
      >
        {options.map((r) => (
          <option key={r.code} value={r.code}>
            {r.name} — {t(LEVEL_KEYS[r.level] ?? 'mon.level.4')} {r.code}
          </option>
        ))}
      </select>
      <p class="region-picker__state" aria-live="polite" data-testid={`${id}-chosen`}>
        {failed
          ? t('picker.failed')
          : value
            ? t('picker.chosen', { name: value.name, code: value.code })
            : waiting
              ? t(childrenOf ? 'picker.loading' : 'picker.hint')
              : options.length === 0
                ? t('picker.none')
                : t('picker.pick', { count: options.length })}
      </p>
    </fieldset>
  );
}
