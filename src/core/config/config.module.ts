import { type DynamicModule, Global, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { AppConfig, loadAppConfig } from './app-config.js';

const APP_CONFIG_KEY = 'fairshift';

/**
 * Reads the environment (and `.env` when present) once at boot through @nestjs/config and
 * exposes the validated, typed {@link AppConfig}. `overrides` lets tests run an app against
 * their own database and queue prefix without touching the process environment.
 */
@Global()
@Module({})
export class AppConfigModule {
  static forRoot(overrides: Record<string, string> = {}): DynamicModule {
    return {
      module: AppConfigModule,
      imports: [
        ConfigModule.forRoot({
          cache: true,
          ignoreEnvFile: process.env.NODE_ENV === 'test',
          validate: (environment) => ({ [APP_CONFIG_KEY]: loadAppConfig({ ...environment, ...overrides }) }),
        }),
      ],
      providers: [
        {
          provide: AppConfig,
          inject: [ConfigService],
          useFactory: (configService: ConfigService) => configService.getOrThrow<AppConfig>(APP_CONFIG_KEY),
        },
      ],
      exports: [AppConfig],
    };
  }
}
