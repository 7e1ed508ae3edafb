import { Module } from '@nestjs/common';
import { OrganisationsModule } from '../organisations/organisations.module.js';
import { ReferenceModule } from '../reference/reference.module.js';
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
