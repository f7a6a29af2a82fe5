import type { NewUser } from '../auth/users';

/** Shared demo password: printed at start, documented in the README, never used in production (LENTERA_DEMO=0). */
export const DEMO_PASSWORD = 'lentera-demo';

/**
 * Demo people in Kecamatan Srandakan, Kabupaten Bantul (DIY): real Kemendagri codes from idn-area-data.
 */
export const DEMO_ACCOUNTS: NewUser[] = [
  { username: 'siti', name: 'Siti Rahayu', role: 'learner', desaCode: '34.02.01.2001', password: DEMO_PASSWORD },
  { username: 'budi', name: 'Budi Santoso', role: 'learner', desaCode: '34.02.01.2002', password: DEMO_PASSWORD },
  {
    username: 'operator',
    name: 'Operator Kecamatan Srandakan',
    role: 'operator',
    regionCode: '34.02.01',
    password: DEMO_PASSWORD,
  },
  {
    username: 'monitor',
    name: 'Dinas PMD Kabupaten Bantul',
    role: 'monitor',
    regionCode: '34.02',
    password: DEMO_PASSWORD,
  },
  { username: 'pelatih', name: 'Pelatih Balai Pemerintahan Desa', role: 'author', password: DEMO_PASSWORD },
];
