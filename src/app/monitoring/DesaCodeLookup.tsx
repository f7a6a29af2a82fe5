import '../i18n/staff-messages';
import { useState } from 'preact/hooks';
import type { Region } from '../../shared/monitoring/regions';
import { t } from '../i18n/t';
import { RegionPicker } from './RegionPicker';
import { useMyRegion } from './use-my-region';

/**
 * The `kode_desa` column of the CSV file, found by name: the operator picks a desa of their
 * kecamatan and reads (or copies) its code, instead of knowing Kemendagri codes by heart.
 */
export function DesaCodeLookup({ token }: { token: string }) {
  const mine = useMyRegion(token);
  const [desa, setDesa] = useState<Region | null>(null);
  if (mine.state !== 'ready') return null;
  const scope = mine.data;
  return (
    <details class="monitoring__section">
      <summary>{t('picker.lookup.title')}</summary>
      <RegionPicker
        token={token}
        id="lookup-desa"
        label={t('picker.lookup.label')}
        value={desa}
        onChange={setDesa}
        levels={[4]}
        {...(scope?.level === 3 ? { childrenOf: scope.code } : { within: scope?.code ?? null })}
      />
      {desa && (
        <p>
          {t('picker.lookup.code')} <code class="one-time-password">{desa.code}</code>
        </p>
      )}
    </details>
  );
}
