import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../../core/auth/current-principal.decorator.js';
import type { Principal } from '../../core/auth/principal.js';
import { AnyRole } from '../../core/auth/roles.decorator.js';
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
