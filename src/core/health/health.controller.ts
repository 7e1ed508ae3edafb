import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import type { Response } from 'express';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '../auth/roles.decorator.js';
import { RedisHealthIndicator } from './redis-health.indicator.js';

export const HEALTH_PATHS = ['healthz', 'api/v1/healthz'];

@ApiTags('operations')
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly redis: RedisHealthIndicator,
  ) {}

  /** No key needed: 200 when PostgreSQL and Redis answer, 503 naming the one that does not. */
  @Get(HEALTH_PATHS)
  @Public()
  @ApiOkResponse({ description: 'Every dependency is up' })
  @ApiServiceUnavailableResponse({ description: 'A dependency is down; the body names it' })
  async check(@Res({ passthrough: true }) response: Response) {
    try {
      return await this.health.check([
        () => this.database.pingCheck('database').withTimeout(1_500),
        () => this.redis.isHealthy('redis'),
      ]);
    } catch (error) {
      // Answer the report itself (which dependency is down), not a generic problem document.
      if (!(error instanceof ServiceUnavailableException)) throw error;
      response.status(503);
      return error.getResponse();
    }
  }
}
