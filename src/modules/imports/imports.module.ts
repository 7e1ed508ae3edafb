import { Module } from '@nestjs/common';
import { BookingsModule } from '../bookings/index.js';
import { ReferenceService } from '../reference/index.js';
import { ExportsController } from './exports.controller.js';
import { ExportsService } from './exports.service.js';
import { ImportsController } from './imports.controller.js';
import { ImportsService } from './imports.service.js';
import { ImportsWorker } from './imports.worker.js';

/** The api's side: files received and queued, imports read, exports streamed. */
@Module({
  controllers: [ImportsController, ExportsController],
  providers: [ImportsService, ExportsService],
})
export class ImportsModule {}

/** The worker's side: files parsed, validated and applied. */
@Module({
  imports: [BookingsModule],
  providers: [ImportsWorker, ReferenceService],
})
export class ImportsWorkerModule {}
