import { Module } from '@nestjs/common';
import { BookingsModule } from '../bookings/index.js';
import { FillModule } from '../fill/index.js';
import { AgencyViewsService } from './agency-views.service.js';
import { SubmissionsController } from './submissions.controller.js';
import { SubmissionsService } from './submissions.service.js';

@Module({
  imports: [FillModule, BookingsModule],
  controllers: [SubmissionsController],
  providers: [SubmissionsService, AgencyViewsService],
  exports: [SubmissionsService, AgencyViewsService],
})
export class SubmissionsModule {}
