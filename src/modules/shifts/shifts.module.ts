import { Module } from '@nestjs/common';
import { OrganisationsModule } from '../organisations/index.js';
import { ReferenceModule } from '../reference/index.js';
import { ShiftsController } from './shifts.controller.js';
import { ShiftsService } from './shifts.service.js';

@Module({
  imports: [OrganisationsModule, ReferenceModule],
  controllers: [ShiftsController],
  providers: [ShiftsService],
  exports: [ShiftsService],
})
export class ShiftsModule {}
