import { Module } from '@nestjs/common';
import { OrganisationsModule } from '../organisations/index.js';
import { WorkforceController } from './workforce.controller.js';
import { WorkforceService } from './workforce.service.js';

@Module({
  imports: [OrganisationsModule],
  controllers: [WorkforceController],
  providers: [WorkforceService],
  exports: [WorkforceService],
})
export class WorkforceModule {}
