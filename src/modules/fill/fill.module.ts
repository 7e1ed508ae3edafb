import { Module } from '@nestjs/common';
import { RateCardsModule } from '../rate-cards/index.js';
import { FillController, FillSuggestionsController, OffersController } from './fill.controller.js';
import { FillService } from './fill.service.js';
import { FillWorker } from './fill.worker.js';
import { OffersService } from './offers.service.js';
import { SuggestionsService } from './suggestions.service.js';

@Module({
  imports: [RateCardsModule],
  controllers: [FillController, FillSuggestionsController, OffersController],
  providers: [FillService, SuggestionsService, OffersService],
  exports: [FillService, SuggestionsService, OffersService],
})
export class FillModule {}

/** The worker's side: the fill-suggestion sweep. */
@Module({
  imports: [RateCardsModule],
  providers: [FillService, SuggestionsService, FillWorker],
})
export class FillWorkerModule {}
