import { Module } from '@nestjs/common';
import { BookingsModule } from '../bookings/index.js';
import { FillModule } from '../fill/index.js';
import { MeController } from './me.controller.js';
import { MeService } from './me.service.js';

@Module({
  imports: [FillModule, BookingsModule],
  controllers: [MeController],
  providers: [MeService],
  exports: [MeService],
})
export class MeModule {}
