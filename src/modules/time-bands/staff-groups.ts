import { BAND_SCHEMES, type Band, type BandScheme } from './band-schemes.js';

/** NHS Data Dictionary staff groups (docs/rules.md section 3). Pure data: no framework imports. */
export const AGENDA_FOR_CHANGE_GRADES = [
  'band2',
  'band3',
  'band4',
  'band5',
  'band6',
  'band7',
  'band8a',
  'band8b',
  'band8c',
  'band8d',
  'band9',
] as const;
export const MEDICAL_GRADES = ['fy1', 'fy2', 'ct1_2', 'st3_plus', 'sas', 'consultant'] as const;

export type Grade = (typeof AGENDA_FOR_CHANGE_GRADES)[number] | (typeof MEDICAL_GRADES)[number];
export type RuleClass = 'registered_clinical' | 'unregistered_clinical' | 'non_clinical';

export interface StaffGroupDefinition {
  key: StaffGroup;
  code: string;
  name: string;
  ruleClass: RuleClass;
  bandScheme: BandScheme;
  bands: readonly Band[];
  /** Lowest rank first. */
  grades: readonly Grade[];
}

export const STAFF_GROUP_KEYS = [
  'medical',
  'nursing',
  'ahp',
  'scientific_technical',
  'healthcare_science',
  'clinical_support',
  'admin',
  'estates',
] as const;
export type StaffGroup = (typeof STAFF_GROUP_KEYS)[number];

const afc = (key: StaffGroup, code: string, name: string, ruleClass: RuleClass): StaffGroupDefinition => ({
  key,
  code,
  name,
  ruleClass,
  bandScheme: 'agenda_for_change',
  bands: BAND_SCHEMES.agenda_for_change,
  grades: AGENDA_FOR_CHANGE_GRADES,
});

export const STAFF_GROUPS: readonly StaffGroupDefinition[] = [
  {
    key: 'medical',
    code: '01',
    name: 'Medical and Dental',
    ruleClass: 'registered_clinical',
    bandScheme: 'medical',
    bands: BAND_SCHEMES.medical,
    grades: MEDICAL_GRADES,
  },
  afc('nursing', '03', 'Nursing and Midwifery Registered', 'registered_clinical'),
  afc('ahp', '04', 'Allied Health Professionals', 'registered_clinical'),
  afc('scientific_technical', '05', 'Additional Professional Scientific and Technical', 'registered_clinical'),
  afc('healthcare_science', '06', 'Healthcare Scientists', 'registered_clinical'),
  afc('clinical_support', '07', 'Additional Clinical Services', 'unregistered_clinical'),
  afc('admin', '08', 'Administrative and Clerical', 'non_clinical'),
  afc('estates', '09', 'Estates and Ancillary', 'non_clinical'),
];

const BY_KEY = new Map(STAFF_GROUPS.map((group) => [group.key, group]));

export function staffGroup(key: StaffGroup): StaffGroupDefinition {
  const group = BY_KEY.get(key);
  if (!group) throw new RangeError(`unknown staff group ${key}`);
  return group;
}

export const isStaffGroup = (value: unknown): value is StaffGroup =>
  typeof value === 'string' && BY_KEY.has(value as StaffGroup);

/** 0-based rank of a grade within its staff group, or -1 when the grade is not one of the group's. */
export function gradeRank(group: StaffGroup, grade: string): number {
  return staffGroup(group).grades.indexOf(grade as Grade);
}

export const gradeBelongsTo = (group: StaffGroup, grade: string): boolean => gradeRank(group, grade) >= 0;

export const bandBelongsTo = (group: StaffGroup, band: string): boolean =>
  staffGroup(group).bands.includes(band as Band);

export const ALL_GRADES: readonly Grade[] = [...AGENDA_FOR_CHANGE_GRADES, ...MEDICAL_GRADES];

export interface BandLine {
  staffGroup: string;
  grade: string;
  band: string;
}

/**
 * The rules every per-band rate table shares (rate cards and agency contracts): the grade belongs
 * to the staff group, the band to its scheme, and no (staff group, grade, band) appears twice.
 * Errors name the field as `lines[i].…`.
 */
export function bandLineErrors(lines: readonly BandLine[]): { field: string; message: string }[] {
  const errors: { field: string; message: string }[] = [];
  const seen = new Map<string, number>();
  lines.forEach((line, index) => {
    const group = line.staffGroup as StaffGroup;
    if (gradeRank(group, line.grade) < 0) {
      errors.push({ field: `lines[${index}].grade`, message: `${line.grade} is not a grade of ${line.staffGroup}` });
    }
    if (!bandBelongsTo(group, line.band)) {
      errors.push({ field: `lines[${index}].band`, message: `${line.band} is not a band of ${line.staffGroup}` });
    }
    const key = `${line.staffGroup}|${line.grade}|${line.band}`;
    const first = seen.get(key);
    if (first === undefined) seen.set(key, index);
    else {
      errors.push({
        field: `lines[${index}]`,
        message: `repeats lines[${first}] (${line.staffGroup} ${line.grade} ${line.band})`,
      });
    }
  });
  return errors;
}
