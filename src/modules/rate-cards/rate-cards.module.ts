import { Module } from '@nestjs/common';
import { OrganisationsModule } from '../organisations/index.js';
import { ReferenceModule } from '../reference/index.js';
import { QuotesService } from './quotes.service.js';
import { RateCardsController } from './rate-cards.controller.js';
import { RateCardsService } from './rate-cards.service.js';

@Module({
  imports: [OrganisationsModule, ReferenceModule],
  controllers: [RateCardsController],
  providers: [RateCardsService, QuotesService],
  exports: [RateCardsService, QuotesService],
})
export class RateCardsModule {}
