import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { Redis } from 'ioredis';
import { PinoLogger } from '../logging/pino-logger.js';
import { AppConfig } from '../config/app-config.js';
import { RedisErrorLog } from '../redis/redis-error-log.js';
import { redisOptionsFromUrl } from '../redis/redis-options.js';

/**
 * Pings Redis on a connection of its own that fails fast while Redis is away (no offline queue)
 * and reconnects by itself, so /healthz turns 503 during an outage and 200 again afterwards.
 */
@Injectable()
export class RedisHealthIndicator implements OnModuleDestroy {
  private readonly client: Redis;

  constructor(
    private readonly health: HealthIndicatorService,
    config: AppConfig,
    logger: PinoLogger,
  ) {
    logger.setContext(RedisHealthIndicator.name);
    this.client = new Redis({
      ...redisOptionsFromUrl(config.REDIS_URL),
      connectionName: 'fairshift-health',
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2_000,
      lazyConnect: true,
    });
    const errors = new RedisErrorLog(logger, 'redis health connection');
    this.client.on('error', (error: Error) => errors.error(error));
    this.client.on('ready', () => errors.ready());
    this.client.connect().catch(() => undefined);
  }

  async isHealthy(key: 'redis') {
    const indicator = this.health.check(key);
    try {
      const reply = await Promise.race([
        this.client.ping(),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('ping timed out')), 1_500).unref()),
      ]);
      return reply === 'PONG' ? indicator.up() : indicator.down({ message: `unexpected reply ${reply}` });
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.client.disconnect();
  }
}
