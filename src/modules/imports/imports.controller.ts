import { Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentPrincipal } from '../../core/auth/current-principal.decorator.js';
import type { Principal } from '../../core/auth/principal.js';
import { Roles } from '../../core/auth/roles.decorator.js';
import { uuidParam } from '../../core/validation/uuid-param.pipe.js';
import { IMPORT_COLUMNS_DESCRIPTION } from './import-columns.js';
import { IMPORT_KINDS } from './import.entity.js';
import { ImportView } from './imports.dto.js';
import { ImportsService } from './imports.service.js';

@ApiTags('imports and exports')
@ApiBearerAuth()
@Controller()
export class ImportsController {
  constructor(private readonly imports: ImportsService) {}

  @Post('imports/:kind')
  @HttpCode(202)
  @Roles('admin', 'integration')
  @ApiParam({ name: 'kind', enum: IMPORT_KINDS })
  @ApiConsumes('text/csv')
  @ApiBody({ description: IMPORT_COLUMNS_DESCRIPTION, schema: { type: 'string', format: 'binary' } })
  @ApiAcceptedResponse({
    type: ImportView,
    description:
      'Queued; the same file (same kind and scope) answers the first import. 413 over IMPORT_MAX_BYTES, 415 not text/csv, 503 while Redis is down.',
  })
  receive(
    @Param('kind') kind: string,
    @Req() request: Request,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ImportView> {
    return this.imports.receive(kind, request, principal);
  }

  @Get('imports/:id')
  @Roles('admin', 'integration', 'workforce_lead', 'rota_manager')
  @ApiOkResponse({ type: ImportView })
  get(@Param('id', uuidParam('id')) id: string, @CurrentPrincipal() principal: Principal): Promise<ImportView> {
    return this.imports.get(id, principal);
  }
}
