import { Module } from '@nestjs/common';
import { RateCardsModule } from '../rate-cards/index.js';
import { FillController } from './fill.controller.js';
import { FillService } from './fill.service.js';

@Module({ imports: [RateCardsModule], controllers: [FillController], providers: [FillService], exports: [FillService] })
export class FillModule {}
