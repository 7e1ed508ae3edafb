import { Body, Controller, Get, Header, HttpCode, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiOkResponse,
  ApiProduces,
  ApiQuery,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentPrincipal } from '../../core/auth/current-principal.decorator.js';
import type { Principal } from '../../core/auth/principal.js';
import { AnyRole, Roles } from '../../core/auth/roles.decorator.js';
import { ApiPageResponse } from '../../core/openapi/api-page-response.decorator.js';
import type { Page } from '../../core/pagination/page.js';
import { uuidParam } from '../../core/validation/uuid-param.pipe.js';
import { validateInput } from '../../core/validation/validate-input.js';
import { QuoteDto, QuoteView } from './quotes.dto.js';
import { QuotesService } from './quotes.service.js';
import {
  CreateRateCardDto,
  DiffQuery,
  ListRateCardsQuery,
  RateCardDiffView,
  RateCardLinesDto,
  RateCardView,
  RateCardWithLinesView,
} from './rate-cards.dto.js';
import { RateCardsService } from './rate-cards.service.js';

@ApiTags('rate cards')
@ApiBearerAuth()
@Controller()
export class RateCardsController {
  constructor(
    private readonly rateCards: RateCardsService,
    private readonly quotes: QuotesService,
  ) {}

  /** JSON with `lines`, or text/csv lines with scope, systemId, name, effectiveFrom (and effectiveTo) in the query. */
  @Post('rate-cards')
  @Roles('admin', 'workforce_lead')
  @ApiConsumes('application/json', 'text/csv')
  @ApiExtraModels(CreateRateCardDto)
  @ApiBody({
    schema: { $ref: getSchemaPath(CreateRateCardDto) },
    description: 'JSON, or a text/csv body with the header staffGroup,grade,band,agencyCapPence,bankRatePence',
  })
  @ApiQuery({ name: 'scope', required: false, description: 'text/csv only' })
  @ApiQuery({ name: 'systemId', required: false, description: 'text/csv only' })
  @ApiQuery({ name: 'name', required: false, description: 'text/csv only' })
  @ApiQuery({ name: 'effectiveFrom', required: false, description: 'text/csv only' })
  @ApiQuery({ name: 'effectiveTo', required: false, description: 'text/csv only' })
  @ApiCreatedResponse({ type: RateCardWithLinesView, description: 'The card, as a draft' })
  async create(@Req() request: Request, @CurrentPrincipal() principal: Principal): Promise<RateCardWithLinesView> {
    if (request.is('text/csv')) return this.rateCards.createFromCsv(request.query, request.body, principal);
    return this.rateCards.create(await validateInput(CreateRateCardDto, request.body), principal);
  }

  @Put('rate-cards/:id/lines')
  @Roles('admin', 'workforce_lead')
  @ApiOkResponse({ type: RateCardWithLinesView })
  replaceLines(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: RateCardLinesDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<RateCardWithLinesView> {
    return this.rateCards.replaceLines(id, body, principal);
  }

  @Post('rate-cards/:id/publish')
  @HttpCode(200)
  @Roles('admin', 'workforce_lead')
  @ApiOkResponse({ type: RateCardView })
  publish(@Param('id', uuidParam('id')) id: string, @CurrentPrincipal() principal: Principal): Promise<RateCardView> {
    return this.rateCards.publish(id, principal);
  }

  @Get('rate-cards')
  @AnyRole()
  @ApiPageResponse(RateCardView)
  list(@Query() query: ListRateCardsQuery, @CurrentPrincipal() principal: Principal): Promise<Page<RateCardView>> {
    return this.rateCards.list(query, principal);
  }

  @Get('rate-cards/:id')
  @AnyRole()
  @ApiOkResponse({ type: RateCardWithLinesView })
  get(
    @Param('id', uuidParam('id')) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<RateCardWithLinesView> {
    return this.rateCards.get(id, principal);
  }

  @Get('rate-cards/:id/diff')
  @AnyRole()
  @ApiOkResponse({ type: RateCardDiffView, description: 'Changes from `against` to this card' })
  diff(
    @Param('id', uuidParam('id')) id: string,
    @Query() query: DiffQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<RateCardDiffView> {
    return this.rateCards.diff(id, query.against, principal);
  }

  @Get('rate-cards/:id/lines.csv')
  @AnyRole()
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'staffGroup,grade,band,agencyCapPence,bankRatePence' })
  async linesCsv(
    @Param('id', uuidParam('id')) id: string,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ): Promise<string> {
    const { filename, body } = await this.rateCards.csv(id, principal);
    response.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
    return body;
  }

  @Post('quotes')
  @HttpCode(200)
  @AnyRole()
  @ApiOkResponse({ type: QuoteView })
  quote(@Body() body: QuoteDto, @CurrentPrincipal() principal: Principal): Promise<QuoteView> {
    return this.quotes.quote(body, principal);
  }
}
