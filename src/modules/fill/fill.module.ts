import { Module } from '@nestjs/common';
import { RateCardsModule } from '../rate-cards/index.js';
import { FillController, FillSuggestionsController } from './fill.controller.js';
import { FillService } from './fill.service.js';
import { FillWorker } from './fill.worker.js';
import { SuggestionsService } from './suggestions.service.js';

@Module({
  imports: [RateCardsModule],
  controllers: [FillController, FillSuggestionsController],
  providers: [FillService, SuggestionsService],
  exports: [FillService, SuggestionsService],
})
export class FillModule {}

/** The worker's side: the fill-suggestion sweep. */
@Module({
  imports: [RateCardsModule],
  providers: [FillService, SuggestionsService, FillWorker],
})
export class FillWorkerModule {}
