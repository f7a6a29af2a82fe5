import * as v from 'valibot';

/** Every role a Lentera account can hold; see docs/architecture.md for who is who. */
export const ROLES = ['learner', 'operator', 'monitor', 'author', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const RoleSchema = v.picklist(ROLES);
