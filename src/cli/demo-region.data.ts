import type { PatternKey, WardKind, DemoSystem, Demand, DemoWard } from './demo-region.js';

/**
 * The demo's region, the tables: two existing systems with their actual trusts (names and ODS
 * codes), wards named after each trust's actual hospital sites, and the kinds of work each ward
 * posts. Site names are public; ward and unit names are functional and illustrative.
 */

/** Local start, local end (the next day when earlier), unpaid break: the NHS's usual shifts. */
export const PATTERNS: Record<PatternKey, { start: string; end: string; breakMinutes: number }> = {
  long_day: { start: '07:30', end: '20:00', breakMinutes: 60 },
  night: { start: '19:30', end: '08:00', breakMinutes: 60 },
  early: { start: '07:00', end: '15:00', breakMinutes: 30 },
  late: { start: '13:30', end: '21:30', breakMinutes: 30 },
  office: { start: '09:00', end: '17:00', breakMinutes: 30 },
  twilight: { start: '17:00', end: '23:00', breakMinutes: 0 },
  estates_night: { start: '22:00', end: '06:00', breakMinutes: 30 },
};

const WARD_NURSING: [string, number][] = [
  ['band5', 70],
  ['band6', 25],
  ['band7', 5],
];
const HCA: [string, number][] = [
  ['band2', 35],
  ['band3', 65],
];
const WARD_SHIFTS: [PatternKey, number][] = [
  ['long_day', 50],
  ['night', 35],
  ['early', 8],
  ['late', 7],
];

const nursing = (perDay: number, patterns = WARD_SHIFTS): Demand => ({
  staffGroup: 'nursing',
  grades: WARD_NURSING,
  patterns,
  perDay,
});
const support = (perDay: number): Demand => ({
  staffGroup: 'clinical_support',
  grades: HCA,
  patterns: WARD_SHIFTS,
  perDay,
});

/** Kinds of ward and what each posts, per day, before the trust's size factor. */
export const WARD_KINDS = {
  emergency: [nursing(3.2), support(1.6)],
  acute_medical: [nursing(2.4), support(1.8)],
  critical_care: [
    nursing(2.6, [
      ['long_day', 55],
      ['night', 45],
    ]),
  ],
  surgical: [nursing(1.6), support(1.2)],
  older_people: [nursing(1.4), support(2.2)],
  children: [nursing(1.2)],
  maternity: [nursing(1.5), support(0.6)],
  theatres: [
    {
      staffGroup: 'ahp',
      grades: [
        ['band5', 60],
        ['band6', 40],
      ],
      patterns: [
        ['long_day', 70],
        ['late', 30],
      ],
      perDay: 1.1,
    },
    nursing(0.8, [
      ['long_day', 80],
      ['late', 20],
    ]),
  ],
  therapies: [
    {
      staffGroup: 'ahp',
      grades: [
        ['band5', 45],
        ['band6', 40],
        ['band7', 15],
      ],
      patterns: [['office', 100]],
      perDay: 1.2,
      weekdaysOnly: true,
    },
  ],
  pathology: [
    {
      staffGroup: 'healthcare_science',
      grades: [
        ['band5', 60],
        ['band6', 40],
      ],
      patterns: [
        ['long_day', 60],
        ['night', 40],
      ],
      perDay: 0.6,
    },
    {
      staffGroup: 'scientific_technical',
      grades: [
        ['band3', 50],
        ['band4', 50],
      ],
      patterns: [
        ['office', 70],
        ['twilight', 30],
      ],
      perDay: 0.4,
    },
  ],
  offices: [
    {
      staffGroup: 'admin',
      grades: [
        ['band2', 40],
        ['band3', 45],
        ['band4', 15],
      ],
      patterns: [
        ['office', 85],
        ['twilight', 15],
      ],
      perDay: 1.4,
      weekdaysOnly: true,
    },
  ],
  estates: [
    {
      staffGroup: 'estates',
      grades: [
        ['band2', 70],
        ['band3', 30],
      ],
      patterns: [
        ['early', 50],
        ['late', 30],
        ['estates_night', 20],
      ],
      perDay: 0.9,
    },
  ],
  mh_acute: [nursing(1.4), support(2.6)],
  mh_intensive: [
    nursing(1.2, [
      ['long_day', 55],
      ['night', 45],
    ]),
    support(2.4),
  ],
  mh_older: [nursing(0.9), support(1.8)],
  mh_specialist: [nursing(0.8), support(1.2)],
  community: [
    {
      staffGroup: 'nursing',
      grades: [
        ['band5', 40],
        ['band6', 50],
        ['band7', 10],
      ],
      patterns: [
        ['office', 80],
        ['twilight', 20],
      ],
      perDay: 1.0,
    },
  ],
} satisfies Record<string, Demand[]>;

/** One site's wards: `[site code, site name]` then `[code, name, kind]` of each. */
function site(siteCode: string, siteName: string, wards: [string, string, WardKind][]): DemoWard[] {
  return wards.map(([code, name, kind]) => ({ code: `${siteCode}-${code}`, name: `${siteName}: ${name}`, kind }));
}

const DISTRICT_GENERAL: [string, string, WardKind][] = [
  ['ED', 'Emergency Department', 'emergency'],
  ['AMU', 'Acute Medical Unit', 'acute_medical'],
  ['ICU', 'Critical Care Unit', 'critical_care'],
  ['SURG', 'General Surgery', 'surgical'],
  ['COTE', 'Care of the Elderly', 'older_people'],
  ['PAED', "Children's Ward", 'children'],
  ['MAT', 'Maternity Unit', 'maternity'],
  ['THEA', 'Main Theatres', 'theatres'],
];
const TRUST_SERVICES: [string, string, WardKind][] = [
  ['THER', 'Therapies', 'therapies'],
  ['PATH', 'Pathology', 'pathology'],
  ['ADM', 'Medical Records and Outpatient Bookings', 'offices'],
  ['EST', 'Estates and Facilities', 'estates'],
];

export const DEMO_SYSTEMS: DemoSystem[] = [
  {
    code: 'KM',
    name: 'Kent and Medway',
    bankUplift: 1,
    capShare: 0.95,
    trusts: [
      {
        odsCode: 'RN7',
        name: 'Dartford and Gravesham NHS Trust',
        type: 'acute',
        size: 0.75,
        bankStrength: 5,
        agencyDrift: 1,
        aboveCard: [0.04, 1.08],
        belowCard: [0.02, 0.95],
        wards: [
          ...site('DVH', 'Darent Valley Hospital', DISTRICT_GENERAL),
          ...site('DVH', 'Darent Valley Hospital', TRUST_SERVICES),
        ],
      },
      {
        odsCode: 'RVV',
        name: 'East Kent Hospitals University NHS Foundation Trust',
        type: 'acute',
        size: 1.1,
        bankStrength: 3.5,
        agencyDrift: 1.6,
        aboveCard: [0.18, 1.12],
        belowCard: [0.01, 0.97],
        wards: [
          ...site('WHH', 'William Harvey Hospital', DISTRICT_GENERAL),
          ...site(
            'QEQM',
            'Queen Elizabeth The Queen Mother Hospital',
            DISTRICT_GENERAL.filter(([code]) => code !== 'PAED'),
          ),
          ...site('KCH', 'Kent and Canterbury Hospital', [
            ['RENAL', 'Renal Unit', 'acute_medical'],
            ['COTE', 'Care of the Elderly', 'older_people'],
          ]),
          ...site('EK', 'East Kent', TRUST_SERVICES),
        ],
      },
      {
        odsCode: 'RWF',
        name: 'Maidstone and Tunbridge Wells NHS Trust',
        type: 'acute',
        size: 1,
        bankStrength: 6,
        agencyDrift: 0.8,
        aboveCard: [0.03, 1.05],
        belowCard: [0.06, 0.94],
        wards: [
          ...site('TWH', 'Tunbridge Wells Hospital', DISTRICT_GENERAL),
          ...site('MH', 'Maidstone Hospital', [
            ['AMU', 'Acute Medical Unit', 'acute_medical'],
            ['ONC', 'Kent Oncology Centre', 'surgical'],
            ['ORTH', 'Orthopaedics', 'surgical'],
          ]),
          ...site('MTW', 'Maidstone and Tunbridge Wells', TRUST_SERVICES),
        ],
      },
      {
        odsCode: 'RPA',
        name: 'Medway NHS Foundation Trust',
        type: 'acute',
        size: 0.9,
        bankStrength: 4.5,
        agencyDrift: 1.2,
        aboveCard: [0.08, 1.1],
        belowCard: [0.02, 0.96],
        wards: [
          ...site('MMH', 'Medway Maritime Hospital', DISTRICT_GENERAL),
          ...site('MMH', 'Medway Maritime Hospital', TRUST_SERVICES),
        ],
      },
    ],
  },
  {
    code: 'SEL',
    name: 'South East London',
    bankUplift: 1.04,
    capShare: 0.97,
    trusts: [
      {
        odsCode: 'RJ1',
        name: "Guy's and St Thomas' NHS Foundation Trust",
        type: 'acute',
        size: 1.25,
        bankStrength: 6,
        agencyDrift: 0.9,
        aboveCard: [0.1, 1.06],
        belowCard: [0.01, 0.98],
        wards: [
          ...site(
            'STH',
            "St Thomas' Hospital",
            DISTRICT_GENERAL.filter(([code]) => code !== 'PAED'),
          ),
          ...site('GUY', "Guy's Hospital", [
            ['ONC', 'Cancer Centre', 'surgical'],
            ['RENAL', 'Renal and Transplant', 'acute_medical'],
            ['THEA', "Guy's Theatres", 'theatres'],
          ]),
          ...site('EVE', 'Evelina London Children’s Hospital', [
            ['PICU', 'Paediatric Intensive Care', 'critical_care'],
            ['WARD', "Children's Ward", 'children'],
          ]),
          ...site('GST', "Guy's and St Thomas'", TRUST_SERVICES),
        ],
      },
      {
        odsCode: 'RJZ',
        name: "King's College Hospital NHS Foundation Trust",
        type: 'acute',
        size: 1.15,
        bankStrength: 4.5,
        agencyDrift: 1.3,
        aboveCard: [0.12, 1.1],
        belowCard: [0.02, 0.95],
        wards: [
          ...site('DH', "King's College Hospital, Denmark Hill", [
            ...DISTRICT_GENERAL,
            ['LIVER', 'Liver Unit', 'critical_care'],
          ]),
          ...site(
            'PRUH',
            'Princess Royal University Hospital',
            DISTRICT_GENERAL.filter(([code]) => code !== 'MAT'),
          ),
          ...site('KCH', "King's", TRUST_SERVICES),
        ],
      },
      {
        odsCode: 'RJ2',
        name: 'Lewisham and Greenwich NHS Trust',
        type: 'acute',
        size: 0.95,
        bankStrength: 3.5,
        agencyDrift: 1.5,
        aboveCard: [0.06, 1.08],
        belowCard: [0.04, 0.95],
        wards: [
          ...site('UHL', 'University Hospital Lewisham', DISTRICT_GENERAL),
          ...site(
            'QEH',
            'Queen Elizabeth Hospital, Woolwich',
            DISTRICT_GENERAL.filter(([code]) => code !== 'PAED'),
          ),
          ...site('LG', 'Lewisham and Greenwich', TRUST_SERVICES),
        ],
      },
      {
        odsCode: 'RPG',
        name: 'Oxleas NHS Foundation Trust',
        type: 'mental_health',
        size: 0.7,
        bankStrength: 6,
        agencyDrift: 0.9,
        aboveCard: [0.02, 1.05],
        belowCard: [0.03, 0.96],
        wards: [
          ...site('OXH', 'Oxleas House', [
            ['ADLT', 'Adult Acute Inpatient Ward', 'mh_acute'],
            ['PICU', 'Psychiatric Intensive Care Unit', 'mh_intensive'],
          ]),
          ...site('GPH', 'Green Parks House', [
            ['ADLT', 'Adult Acute Inpatient Ward', 'mh_acute'],
            ['OLDR', 'Older Adults Inpatient Ward', 'mh_older'],
          ]),
          ...site('BRK', 'Bracton Centre', [['FRNS', 'Forensic Medium Secure Ward', 'mh_specialist']]),
          ...site('COM', 'Community Services', [
            ['DN', 'District Nursing', 'community'],
            ['ADM', 'Trust Offices', 'offices'],
            ['EST', 'Estates and Facilities', 'estates'],
          ]),
        ],
      },
      {
        odsCode: 'RV5',
        name: 'South London and Maudsley NHS Foundation Trust',
        type: 'mental_health',
        size: 0.9,
        bankStrength: 4.5,
        agencyDrift: 1.2,
        aboveCard: [0.08, 1.07],
        belowCard: [0.02, 0.97],
        wards: [
          ...site('MAU', 'Maudsley Hospital', [
            ['ADLT', 'Adult Acute Inpatient Ward', 'mh_acute'],
            ['PICU', 'Psychiatric Intensive Care Unit', 'mh_intensive'],
            ['EATD', 'Eating Disorders Unit', 'mh_specialist'],
          ]),
          ...site('BRH', 'Bethlem Royal Hospital', [
            ['MBU', 'Mother and Baby Unit', 'mh_specialist'],
            ['FRNS', 'Forensic Medium Secure Ward', 'mh_specialist'],
            ['OLDR', 'Older Adults Inpatient Ward', 'mh_older'],
          ]),
          ...site('LAM', 'Lambeth Hospital', [['ADLT', 'Adult Acute Inpatient Ward', 'mh_acute']]),
          ...site('LWY', 'Ladywell Unit', [['ADLT', 'Adult Acute Inpatient Ward', 'mh_acute']]),
          ...site('SLAM', 'South London and Maudsley', [
            ['ADM', 'Trust Offices', 'offices'],
            ['EST', 'Estates and Facilities', 'estates'],
          ]),
        ],
      },
    ],
  },
];
