import { type EntityManager, IsNull } from 'typeorm';
import { InvalidInputError } from '../../core/errors/domain-errors.js';
import { staffGroup, type StaffGroup } from '../time-bands/index.js';
import { AgencyWorker } from './agency-worker.entity.js';

/** A candidate as an agency names them: their name and, for registered staff groups, their registration. */
export interface Candidate {
  displayName: string;
  registration?: string | null;
}

/**
 * The registers of the registered clinical staff groups, with the shape of their numbers: the NMC
 * PIN (two digits, a letter, four digits, a letter), HCPC (two letters, then digits) and GMC
 * (seven digits) numbers. A number may be given with or without its register's name.
 */
const REGISTERS: { name: string; pattern: RegExp }[] = [
  { name: 'NMC', pattern: /^\d{2}[A-Z]\d{4}[A-Z]$/ },
  { name: 'HCPC', pattern: /^[A-Z]{2}\d{5,6}$/ },
  { name: 'GMC', pattern: /^\d{7}$/ },
];

/**
 * The registration in one form (`NMC 12A3456B`), or the field errors that say what is wrong: a
 * registered clinical staff group needs one; other groups give none.
 */
export function normaliseRegistration(
  group: StaffGroup,
  given: string | null | undefined,
  field = 'candidate.registration',
): string | null {
  const registered = staffGroup(group).ruleClass === 'registered_clinical';
  const text = (given ?? '').toUpperCase().replace(/[\s-]+/g, '');
  if (text === '') {
    if (!registered) return null;
    throw new InvalidInputError('A registered staff group’s candidate needs their professional registration', [
      { field, message: 'enter their professional registration: an NMC, HCPC or GMC number' },
    ]);
  }
  const named = REGISTERS.find((register) => text.startsWith(register.name));
  const number = named ? text.slice(named.name.length) : text;
  const register = (named ? [named] : REGISTERS).find((candidate) => candidate.pattern.test(number));
  if (!register)
    throw new InvalidInputError('The registration is not an NMC, HCPC or GMC number', [
      { field, message: 'for example NMC 12A3456B, HCPC PA12345 or GMC 1234567' },
    ]);
  return `${register.name} ${number}`;
}

const nameKey = (name: string) => name.trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * The agency worker a candidate is, made the first time they are named: by registration whatever
 * agency names them, else by name within the agency. Inside the caller's transaction; a race with
 * another naming the same person ends on the unique index and reads theirs.
 */
export async function agencyWorkerOf(
  manager: EntityManager,
  agencyId: string,
  group: StaffGroup,
  candidate: Candidate,
  field?: string,
): Promise<AgencyWorker> {
  const registration = normaliseRegistration(group, candidate.registration, field);
  const displayName = candidate.displayName.trim().replace(/\s+/g, ' ');
  const key = nameKey(displayName);
  await manager.query(
    `INSERT INTO agency_workers (registration, display_name, name_key, agency_id) VALUES ($1, $2, $3, $4)
     ON CONFLICT DO NOTHING`,
    [registration, displayName, key, agencyId],
  );
  return manager.findOneOrFail(AgencyWorker, {
    where: registration ? { registration } : { registration: IsNull(), agencyId, nameKey: key },
  });
}
