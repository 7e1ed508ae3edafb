import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiKeysController } from './api-keys.controller.js';
import { ApiKeysService } from './api-keys.service.js';
import { AuthGuard } from './auth.guard.js';
import { UsersController } from './users.controller.js';
import { LocalAccountsService } from './local-accounts.service.js';
import { UsersService } from './users.service.js';

@Module({
  controllers: [ApiKeysController, UsersController],
  providers: [ApiKeysService, UsersService, LocalAccountsService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [ApiKeysService, UsersService, LocalAccountsService],
})
export class AuthModule {}
