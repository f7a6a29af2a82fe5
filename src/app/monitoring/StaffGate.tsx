import '../i18n/screen-messages';
import '../i18n/staff-messages';
import type { ComponentChildren } from 'preact';
import type { Profile } from '../../db/profile';
import type { Role } from '../../shared/roles';
import { t } from '../i18n/t';
import { activeProfile } from '../profiles/active-profile';

/** Shows `children(profile)` only to a signed-in account holding one of `roles`; others get a sign-in hint. */
export function StaffGate({ roles, children }: { roles: Role[]; children: (profile: Profile) => ComponentChildren }) {
  const profile = activeProfile.value;
  if (!profile || !roles.includes(profile.role)) {
    return (
      <section class="monitoring">
        <h1>{t('mon.staffOnly.title')}</h1>
        <p>{t('mon.staffOnly.body')}</p>
        <a class="button button--primary" href="/masuk">
          {t('nav.signIn')}
        </a>
      </section>
    );
  }
  return <>{children(profile)}</>;
}

/** The catalogue message for an API error code of the monitoring endpoints. */
export function monitoringError(code: string): string {
  switch (code) {
    case 'outside_region':
      return t('mon.error.outsideRegion');
    case 'unknown_region':
      return t('mon.error.unknownRegion');
    case 'no_region':
      return t('mon.error.noRegion');
    case 'offline':
      return t('error.offline');
    default:
      return t('error.unknown');
  }
}
