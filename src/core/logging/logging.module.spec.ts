import 'reflect-metadata';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Controller, Get, type INestApplication, Logger } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { pinoHttp } from 'pino-http';
import request from 'supertest';
import type { AppConfig } from '../config/app-config.js';
import { httpLoggerOptions, LoggingModule } from './logging.module.js';
import { AppLogger, HTTP_LOGGER, PinoLogger } from './pino-logger.js';

type Line = Record<string, unknown> & { req?: { id?: string; headers?: Record<string, unknown> } };

@Controller('probe')
class ProbeController {
  private readonly nest = new Logger(ProbeController.name);

  constructor(private readonly logger: PinoLogger) {
    logger.setContext(ProbeController.name);
  }

  @Get()
  async probe(): Promise<string> {
    this.logger.info({ step: 1 }, 'before %s', 'waiting');
    await new Promise((wake) => setTimeout(wake, 5));
    this.nest.log('after waiting');
    return 'ok';
  }
}

describe('LoggingModule', () => {
  const lines: Line[] = [];
  let app: INestApplication;

  beforeAll(async () => {
    const config = { LOG_LEVEL: 'trace' } as AppConfig;
    const stream = { write: (line: string) => void lines.push(JSON.parse(line) as Line) };
    const moduleRef = await Test.createTestingModule({ imports: [LoggingModule], controllers: [ProbeController] })
      .overrideProvider(HTTP_LOGGER)
      .useValue(pinoHttp(httpLoggerOptions(config), stream))
      .compile();
    app = moduleRef.createNestApplication({ logger: false });
    app.useLogger(app.get(AppLogger));
    await app.init();
  });

  beforeEach(() => {
    lines.length = 0;
  });

  afterAll(async () => {
    await app.close();
  });

  it("writes the request's id in every line of the request, the providers' and Nest's too", async () => {
    await request(app.getHttpServer())
      .get('/probe')
      .set('X-Request-Id', 'probe-1')
      .set('Authorization', 'Bearer fs_a-secret-key')
      .expect(200)
      .expect('X-Request-Id', 'probe-1');
    const before = lines.find((line) => line.msg === 'before waiting');
    const after = lines.find((line) => line.msg === 'after waiting');
    const completed = lines.find((line) => line.msg === 'request completed');
    expect(before).toMatchObject({ level: 30, context: 'ProbeController', step: 1, req: { id: 'probe-1' } });
    expect(after).toMatchObject({ level: 30, context: 'ProbeController', req: { id: 'probe-1' } });
    expect(completed).toMatchObject({ level: 30, req: { id: 'probe-1', headers: { authorization: '[redacted]' } } });
    expect(JSON.stringify(lines)).not.toContain('a-secret-key');
  });

  it('writes lines outside a request through the root logger', async () => {
    const logger = await app.resolve(PinoLogger);
    logger.warn('plain %d', 1);
    logger.setContext('Outside');
    logger.error(new Error('broken'), 'it broke');
    logger.debug({ webhook: { secret: 'hidden' } }, 'with fields');
    expect(lines).toEqual([
      expect.objectContaining({ level: 40, msg: 'plain 1' }),
      expect.objectContaining({
        level: 50,
        context: 'Outside',
        msg: 'it broke',
        err: expect.objectContaining({ message: 'broken' }),
      }),
      expect.objectContaining({ level: 20, context: 'Outside', webhook: { secret: '[redacted]' }, msg: 'with fields' }),
    ]);
    expect(lines.some((line) => 'req' in line)).toBe(false);
  });

  it("reads Nest's error(message, stack) as the error it was", () => {
    const stack = 'Error: boom\n    at somewhere (file.js:1:1)';
    app.get(AppLogger).error('boom', stack, 'ExceptionHandler');
    expect(lines).toEqual([
      expect.objectContaining({ level: 50, context: 'ExceptionHandler', err: expect.objectContaining({ stack }) }),
    ]);
  });
});
