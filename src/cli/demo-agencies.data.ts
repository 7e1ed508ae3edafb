import type { StaffGroup } from '../modules/time-bands/index.js';
import type { DemoAgency } from './demo-region.js';

const CHS = 'NHS Workforce Alliance: Clinical and Healthcare Staffing';
const TWS = 'HealthTrust Europe: Total Workforce Solutions';
const NON_CLINICAL = 'Crown Commercial Service: Non-Clinical Temporary and Fixed Term Staff (RM6277)';
const CLINICAL = ['nursing', 'clinical_support'] satisfies StaffGroup[];
const ALLIED = ['ahp', 'healthcare_science', 'scientific_technical'] satisfies StaffGroup[];
const BOTH = ['KM', 'SEL'];

export const DEMO_AGENCIES: DemoAgency[] = [
  { name: 'Northdown Nursing Partners', framework: CHS, tier: 1, groups: CLINICAL, chargeShare: 0.86, systems: BOTH },
  { name: 'Riverside Clinical Staffing', framework: CHS, tier: 1, groups: CLINICAL, chargeShare: 0.9, systems: BOTH },
  {
    name: 'Weald Care Professionals',
    framework: TWS,
    tier: 1,
    groups: [...CLINICAL, 'ahp'],
    chargeShare: 0.92,
    systems: ['KM'],
  },
  {
    name: 'Southbank Health Recruitment',
    framework: TWS,
    tier: 1,
    groups: [...CLINICAL, 'ahp'],
    chargeShare: 0.91,
    systems: ['SEL'],
  },
  { name: 'Kingfisher Allied Health', framework: CHS, tier: 1, groups: ALLIED, chargeShare: 0.9, systems: BOTH },
  {
    name: 'Meridian Office Support',
    framework: NON_CLINICAL,
    tier: 1,
    groups: ['admin', 'estates'],
    chargeShare: 0.88,
    systems: BOTH,
  },
  { name: 'Harbourline Healthcare', framework: CHS, tier: 2, groups: CLINICAL, chargeShare: 0.965, systems: BOTH },
  {
    name: 'Castlegate Medical Staffing',
    framework: TWS,
    tier: 2,
    groups: [...CLINICAL, ...ALLIED],
    chargeShare: 0.985,
    systems: BOTH,
  },
  { name: 'Thames Reach Care', framework: TWS, tier: 2, groups: CLINICAL, chargeShare: 0.955, systems: BOTH },
  {
    name: 'Pinnacle Critical Care Nurses',
    framework: CHS,
    tier: 3,
    groups: ['nursing'],
    chargeShare: 1.18,
    systems: BOTH,
  },
  {
    name: 'Swift Response Staffing',
    framework: TWS,
    tier: 3,
    groups: [...CLINICAL, 'ahp'],
    chargeShare: 1.55,
    systems: BOTH,
  },
  { name: 'Apex Locum Nursing', framework: null, tier: 3, groups: ['nursing'], chargeShare: 1.32, systems: BOTH },
  {
    name: 'Blue Horizon Healthcare',
    framework: null,
    tier: 3,
    groups: ['nursing', 'ahp'],
    chargeShare: 1.72,
    systems: ['KM'],
  },
  {
    name: 'Citywide Nurse Bank',
    framework: null,
    tier: 3,
    groups: ['nursing', 'ahp'],
    chargeShare: 1.64,
    systems: ['SEL'],
  },
];

export const BYPASS_REASONS = [
  'Bank worker offered the shift did not confirm in time',
  'Specialist skills needed: agency nurse with critical care competencies',
  'Continuity of care: the agency nurse worked the previous three nights on the ward',
  'Short notice: shift became vacant less than two hours before the start',
];
