import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal } from '../../core/auth/current-principal.decorator.js';
import type { Principal } from '../../core/auth/principal.js';
import { Roles } from '../../core/auth/roles.decorator.js';
import { EXPORT_KINDS, ExportQuery } from './exports.dto.js';
import { exportColumns, ExportsService } from './exports.service.js';

@ApiTags('imports and exports')
@ApiBearerAuth()
@Controller()
export class ExportsController {
  constructor(private readonly exports: ExportsService) {}

  /** Streams; the key's scope limits the rows to its trusts. */
  @Get('exports/:kind')
  @Roles('admin', 'workforce_lead', 'rota_manager', 'integration')
  @ApiParam({ name: 'kind', enum: EXPORT_KINDS })
  @ApiProduces('text/csv')
  @ApiOkResponse({
    description: EXPORT_KINDS.map((kind) => `**${kind}**: ${exportColumns(kind).join(',')}`).join('\n\n'),
  })
  async export(
    @Param('kind') kind: string,
    @Query() query: ExportQuery,
    @CurrentPrincipal() principal: Principal,
    @Res() response: Response,
  ): Promise<void> {
    await this.exports.stream(kind, query, principal, response);
  }
}
