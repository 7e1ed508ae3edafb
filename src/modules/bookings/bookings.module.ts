import { Module } from '@nestjs/common';
import { FillModule } from '../fill/index.js';
import { ReferenceModule } from '../reference/index.js';
import { ShiftsModule } from '../shifts/index.js';
import { BookedShiftsController } from './booked-shifts.controller.js';
import { BookedShiftsService } from './booked-shifts.service.js';
import { BookingsController } from './bookings.controller.js';
import { BookingsService } from './bookings.service.js';
import { TimesheetsService } from './timesheets.service.js';

@Module({
  imports: [FillModule, ReferenceModule, ShiftsModule],
  controllers: [BookingsController, BookedShiftsController],
  providers: [BookedShiftsService, BookingsService, TimesheetsService],
  exports: [BookedShiftsService, BookingsService, TimesheetsService],
})
export class BookingsModule {}
