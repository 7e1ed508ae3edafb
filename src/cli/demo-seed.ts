import type { DataSource } from 'typeorm';

interface DemoTrust {
  odsCode: string;
  name: string;
  wards: [code: string, name: string][];
}

const COMMON_WARDS: [string, string][] = [
  ['ED', 'Emergency Department'],
  ['AMU', 'Acute Medical Unit'],
  ['ICU', 'Intensive Care Unit'],
  ['SURG1', 'General Surgery'],
  ['ELDER', 'Care of the Elderly'],
];

const KENT_AND_MEDWAY: DemoTrust[] = [
  { odsCode: 'RN7', name: 'Dartford and Gravesham NHS Trust', wards: COMMON_WARDS },
  { odsCode: 'RVV', name: 'East Kent Hospitals University NHS Foundation Trust', wards: COMMON_WARDS },
  { odsCode: 'RWF', name: 'Maidstone and Tunbridge Wells NHS Trust', wards: COMMON_WARDS },
  { odsCode: 'RPA', name: 'Medway NHS Foundation Trust', wards: COMMON_WARDS },
];

/** Idempotent: the demo can be started again on the same database. */
export async function seedDemo(dataSource: DataSource): Promise<{ systemId: string; summary: string }> {
  return dataSource.transaction(async (manager) => {
    const [system] = (await manager.query(
      `INSERT INTO systems (code, name) VALUES ('KM', 'Kent and Medway')
       ON CONFLICT ON CONSTRAINT uq_systems_code DO UPDATE SET name = EXCLUDED.name RETURNING id`,
    )) as { id: string }[];
    let wards = 0;
    for (const trust of KENT_AND_MEDWAY) {
      const [row] = (await manager.query(
        `INSERT INTO trusts (system_id, ods_code, name) VALUES ($1, $2, $3)
         ON CONFLICT ON CONSTRAINT uq_trusts_ods_code DO UPDATE SET name = EXCLUDED.name RETURNING id`,
        [system!.id, trust.odsCode, trust.name],
      )) as { id: string }[];
      for (const [code, name] of trust.wards) {
        await manager.query(
          `INSERT INTO wards (trust_id, code, name) VALUES ($1, $2, $3)
           ON CONFLICT ON CONSTRAINT uq_wards_trust_code DO NOTHING`,
          [row!.id, code, name],
        );
        wards += 1;
      }
    }
    return { systemId: system!.id, summary: `Kent and Medway: ${KENT_AND_MEDWAY.length} trusts, ${wards} wards` };
  });
}
