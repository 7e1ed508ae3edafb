import { Module } from '@nestjs/common';
import { OrganisationsModule } from '../organisations/index.js';
import { ReferenceModule } from '../reference/index.js';
import { ShiftsController } from './shifts.controller.js';
import { ShiftsService } from './shifts.service.js';
import { ShiftsWorker } from './shifts.worker.js';

@Module({
  imports: [OrganisationsModule, ReferenceModule],
  controllers: [ShiftsController],
  providers: [ShiftsService],
  exports: [ShiftsService],
})
export class ShiftsModule {}

/** The worker's side: the cascade's releases announced on time, and recomputed when a cascade changes. */
@Module({
  providers: [ShiftsWorker],
})
export class ShiftsWorkerModule {}
