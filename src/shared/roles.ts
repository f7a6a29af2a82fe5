import * as v from 'valibot';

/**
 * Every role a Lentera account can hold: `learner` (a village official who studies on a phone),
 * `operator` (enrols the learners of their region), `monitor` (reads the reports of their region),
 * `author` (publishes courses) and `admin` (all of it, everywhere).
 */
export const ROLES = ['learner', 'operator', 'monitor', 'author', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const RoleSchema = v.picklist(ROLES);
