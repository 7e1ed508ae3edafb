import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../../core/audit/audit.service.js';
import type { Principal } from '../../core/auth/principal.js';
import { NotFoundError } from '../../core/errors/domain-errors.js';
import { BandCalendar } from '../time-bands/index.js';
import { BankHoliday } from './bank-holiday.entity.js';
import type { BankHolidayView, StaffGroupView } from './reference.dto.js';
import { STAFF_GROUPS } from '../time-bands/index.js';

const holidayView = (holiday: BankHoliday): BankHolidayView => ({ date: holiday.date, name: holiday.name });

/** How long a process trusts its cached calendar before reading the holidays again (another process may have changed them). */
const CALENDAR_TTL_MS = 60_000;

@Injectable()
export class ReferenceService {
  private calendarCache: { calendar: BandCalendar; loadedAt: number } | null = null;
  /** Bumped after every committed edit; a load that began before an edit is not cached. */
  private calendarGeneration = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  staffGroups(): StaffGroupView[] {
    return STAFF_GROUPS.map((group) => ({ ...group, bands: [...group.bands], grades: [...group.grades] }));
  }

  async bankHolidays(year?: number): Promise<BankHolidayView[]> {
    const query = this.dataSource.getRepository(BankHoliday).createQueryBuilder('holiday').orderBy('holiday.date');
    if (year !== undefined) query.where('extract(year FROM holiday.date) = :year', { year });
    const holidays = await query.getMany();
    return holidays.map(holidayView);
  }

  /** The band splitter with every bank holiday, cached; rebuilt when this process edits a holiday. */
  async calendar(): Promise<BandCalendar> {
    if (this.calendarCache && Date.now() - this.calendarCache.loadedAt < CALENDAR_TTL_MS) {
      return this.calendarCache.calendar;
    }
    const generation = this.calendarGeneration;
    const rows: { date: string }[] = await this.dataSource.query(
      `SELECT to_char(date, 'YYYY-MM-DD') AS date FROM bank_holidays`,
    );
    const calendar = new BandCalendar(rows.map((row) => row.date));
    if (generation === this.calendarGeneration) this.calendarCache = { calendar, loadedAt: Date.now() };
    return calendar;
  }

  async putBankHoliday(date: string, name: string, actor: Principal): Promise<BankHolidayView> {
    const saved = await this.dataSource.transaction(async (manager) => {
      const existing = await manager.findOneBy(BankHoliday, { date });
      const before = existing ? holidayView(existing) : null;
      await manager.upsert(BankHoliday, { date, name }, ['date']);
      const after = { date, name };
      await this.audit.record(
        manager,
        actor,
        existing ? 'bank_holiday.update' : 'bank_holiday.create',
        'bank_holiday',
        date,
        before,
        after,
      );
      return after;
    });
    this.forgetCalendar();
    return saved;
  }

  async deleteBankHoliday(date: string, actor: Principal): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const existing = await manager.findOneBy(BankHoliday, { date });
      if (!existing) throw NotFoundError.of('bank holiday', date);
      await manager.delete(BankHoliday, { date });
      await this.audit.record(manager, actor, 'bank_holiday.delete', 'bank_holiday', date, holidayView(existing), null);
    });
    this.forgetCalendar();
  }

  /** After a committed edit: the next calendar() reads the holidays again. */
  private forgetCalendar(): void {
    this.calendarGeneration += 1;
    this.calendarCache = null;
  }
}
