import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

/**
 * The floor for HTTP benchmarks: a NestJS application with one route and nothing else (no
 * database, auth, validation or logging), on the same Express adapter as the api.
 */
@Controller()
class FloorController {
  @Get('floor')
  floor() {
    return { ok: true };
  }
}

@Module({ controllers: [FloorController] })
class FloorModule {}

const app = await NestFactory.create(FloorModule, { logger: false });
await app.listen(Number(process.env.PORT), '127.0.0.1');
