import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../../core/auth/current-principal.decorator.js';
import type { Principal } from '../../core/auth/principal.js';
import { AnyRole, Roles } from '../../core/auth/roles.decorator.js';
import { OfferShiftDto, ShiftOfferView } from './offers.dto.js';
import { OffersService } from './offers.service.js';
import { uuidParam } from '../../core/validation/uuid-param.pipe.js';
import { ApiPageResponse } from '../../core/openapi/api-page-response.decorator.js';
import type { Page } from '../../core/pagination/page.js';
import { FillOptionsView, FillSuggestionView, ListFillSuggestionsQuery } from './fill.dto.js';
import { SuggestionsService } from './suggestions.service.js';
import { FillService } from './fill.service.js';

@ApiTags('shifts')
@ApiBearerAuth()
@Controller('shifts')
export class FillController {
  constructor(private readonly fill: FillService) {}

  @Get(':id/fill-options')
  @AnyRole()
  @ApiOkResponse({
    type: FillOptionsView,
    description: 'The fill ladder: own bank, collaborative bank, then agencies by cost band',
  })
  options(
    @Param('id', uuidParam('id')) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<FillOptionsView> {
    return this.fill.options(id, principal);
  }
}

/** GET /fill-suggestions: where the bank can still fill a shift before (or instead of) an agency. */
@ApiTags('shifts')
@ApiBearerAuth()
@Controller('fill-suggestions')
export class FillSuggestionsController {
  constructor(private readonly suggestions: SuggestionsService) {}

  @Get()
  @AnyRole()
  @ApiPageResponse(FillSuggestionView)
  list(
    @Query() query: ListFillSuggestionsQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Page<FillSuggestionView>> {
    return this.suggestions.list(query, principal);
  }
}

/** POST and GET /shifts/{id}/offers: a shift offered to bank workers (docs/rules.md section 10c). */
@ApiTags('shifts')
@ApiBearerAuth()
@Controller('shifts')
export class OffersController {
  constructor(private readonly offers: OffersService) {}

  @Post(':id/offers')
  @Roles('admin', 'rota_manager')
  @ApiCreatedResponse({
    type: [ShiftOfferView],
    description:
      'The offers made, one per bank worker not already holding an open one; each is e-mailed and announced as `shift.offered`',
  })
  offer(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: OfferShiftDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ShiftOfferView[]> {
    return this.offers.offer(id, body.bankWorkerIds, principal);
  }

  @Get(':id/offers')
  @AnyRole()
  @ApiOkResponse({ type: [ShiftOfferView], description: 'The shift’s offers, newest first' })
  list(@Param('id', uuidParam('id')) id: string, @CurrentPrincipal() principal: Principal): Promise<ShiftOfferView[]> {
    return this.offers.forShift(id, principal);
  }
}
