import type { Role, SignoffLevel } from '../core/auth/api-key.entity.js';

/** The demo's people sign in with addresses of this (reserved, never routable) domain. */
export const DEMO_PEOPLE_DOMAIN = 'demo.fairshift.test';

export interface DemoPerson {
  /** Their subject at the local identity provider. */
  id: string;
  title: string;
  name: string;
  email: string;
  grant: { role: Role; approvalLevel?: SignoffLevel };
  scope: 'everywhere' | 'medway' | 'kent' | 'southEast' | 'agency';
}

/** One person per persona of the demo: who signs in to the pages, with the role and scope they are invited with. */
export const DEMO_PEOPLE: DemoPerson[] = [
  {
    id: 'rota-medway',
    title: 'Rota manager, Medway NHS FT (RPA)',
    name: 'Priya Raman',
    email: `priya.raman@${DEMO_PEOPLE_DOMAIN}`,
    grant: { role: 'rota_manager' },
    scope: 'medway',
  },
  {
    id: 'approver-kent',
    title: 'Approver (executive), Kent and Medway',
    name: 'Tom Okafor',
    email: `tom.okafor@${DEMO_PEOPLE_DOMAIN}`,
    grant: { role: 'approver', approvalLevel: 'executive' },
    scope: 'kent',
  },
  {
    id: 'lead-kent',
    title: 'Workforce lead, Kent and Medway',
    name: 'Helen Marsh',
    email: `helen.marsh@${DEMO_PEOPLE_DOMAIN}`,
    grant: { role: 'workforce_lead' },
    scope: 'kent',
  },
  {
    id: 'lead-sel',
    title: 'Workforce lead, South East London',
    name: 'Dami Adeyemi',
    email: `dami.adeyemi@${DEMO_PEOPLE_DOMAIN}`,
    grant: { role: 'workforce_lead' },
    scope: 'southEast',
  },
  {
    // Linked at each start to a Medway nurse of the demo's data who is offered a shift (demo-bank-worker.ts).
    id: 'bank-medway',
    title: 'Bank nurse, Medway NHS FT (RPA)',
    name: 'Grace Mensah',
    email: `grace.mensah@${DEMO_PEOPLE_DOMAIN}`,
    grant: { role: 'bank_worker' },
    scope: 'medway',
  },
  {
    // Works for the demo's agency persona (DEMO_AGENCY_NAME), contracted at tier 3 above the national cap.
    id: 'agency-pinnacle',
    title: 'Agency staff, Pinnacle (tier 3 nursing)',
    name: 'Nadia Petrova',
    email: `nadia.petrova@${DEMO_PEOPLE_DOMAIN}`,
    grant: { role: 'agency' },
    scope: 'agency',
  },
  {
    id: 'admin',
    title: 'Administrator',
    name: 'Sam Fisher',
    email: `sam.fisher@${DEMO_PEOPLE_DOMAIN}`,
    grant: { role: 'admin' },
    scope: 'everywhere',
  },
];
