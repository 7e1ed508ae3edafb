import { ApiProperty } from '@nestjs/swagger';
import type { EntityManager } from 'typeorm';
import type { Shift } from './shift.entity.js';

/**
 * A shift as someone outside the rota office sees it (a bank worker, an agency): where and when, and
 * for how long; never who else could work it.
 */
export class ShiftPlaceView {
  @ApiProperty({ format: 'uuid' }) trustId!: string;
  @ApiProperty() trustName!: string;
  @ApiProperty({ format: 'uuid' }) wardId!: string;
  @ApiProperty() wardName!: string;
  @ApiProperty() staffGroup!: string;
  @ApiProperty() grade!: string;
  @ApiProperty() startsAt!: Date;
  @ApiProperty() endsAt!: Date;
  @ApiProperty() breakMinutes!: number;
  @ApiProperty() paidMinutes!: number;
}

/** Each shift's place (its trust's and ward's names), by shift id, from one statement. */
export async function shiftPlaces(manager: EntityManager, shifts: Shift[]): Promise<Map<string, ShiftPlaceView>> {
  if (shifts.length === 0) return new Map();
  const rows = (await manager.query(
    `SELECT s.id, t.name AS "trustName", w.name AS "wardName"
       FROM shifts s JOIN trusts t ON t.id = s.trust_id JOIN wards w ON w.id = s.ward_id
      WHERE s.id = ANY($1::uuid[])`,
    [shifts.map((shift) => shift.id)],
  )) as { id: string; trustName: string; wardName: string }[];
  const names = new Map(rows.map((row) => [row.id, row]));
  return new Map(
    shifts.map((shift) => [
      shift.id,
      {
        trustId: shift.trustId,
        trustName: names.get(shift.id)!.trustName,
        wardId: shift.wardId,
        wardName: names.get(shift.id)!.wardName,
        staffGroup: shift.staffGroup,
        grade: shift.grade,
        startsAt: shift.startsAt,
        endsAt: shift.endsAt,
        breakMinutes: shift.breakMinutes,
        paidMinutes: shift.minutes.paidMinutes,
      },
    ]),
  );
}
