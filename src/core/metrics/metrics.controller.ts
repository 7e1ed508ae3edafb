import { Controller, Get, Header } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { AnyRole } from '../auth/roles.decorator.js';
import { MetricsService } from './metrics.service.js';

export const METRICS_PATHS = ['metrics', 'api/v1/metrics'];

@ApiTags('operations')
@ApiBearerAuth()
@Controller()
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  /** Prometheus text format; any key (a scraper sends one as a bearer token): it holds no trust's data. */
  @Get(METRICS_PATHS)
  @AnyRole()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus exposition format' })
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
