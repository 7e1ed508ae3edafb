import { Module } from '@nestjs/common';
import { FillModule } from '../fill/fill.module.js';
import { ReferenceModule } from '../reference/reference.module.js';
import { BookingsController } from './bookings.controller.js';
import { BookingsService } from './bookings.service.js';
import { TimesheetsService } from './timesheets.service.js';

@Module({
  imports: [FillModule, ReferenceModule],
  controllers: [BookingsController],
  providers: [BookingsService, TimesheetsService],
  exports: [BookingsService, TimesheetsService],
})
export class BookingsModule {}
