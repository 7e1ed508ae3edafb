import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiPageResponse } from '../openapi/api-page-response.decorator.js';
import { type Page, PageQuery } from '../pagination/page.js';
import { uuidParam } from '../validation/uuid-param.pipe.js';
import { CurrentPrincipal } from './current-principal.decorator.js';
import type { Principal } from './principal.js';
import { Roles } from './roles.decorator.js';
import { LocalAccountsService } from './local-accounts.service.js';
import { InviteUserDto, LocalSetupView, UpdateUserDto, UserView } from './users.dto.js';
import { UsersService } from './users.service.js';

@ApiTags('users')
@ApiBearerAuth()
@Roles('admin')
@Controller('users')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly localAccounts: LocalAccountsService,
  ) {}

  @Post()
  @ApiCreatedResponse({ type: UserView, description: '409 when the e-mail is already a user’s' })
  invite(@Body() body: InviteUserDto, @CurrentPrincipal() principal: Principal): Promise<UserView> {
    return this.users.invite(body, principal);
  }

  @Get()
  @ApiOperation({ summary: 'People, by e-mail' })
  @ApiPageResponse(UserView)
  list(@Query() page: PageQuery): Promise<Page<UserView>> {
    return this.users.list(page);
  }

  @Post(':id/local-sign-in')
  @ApiOperation({
    summary:
      'A bank worker without an NHS identity: a one-time link (shown once, 7 days) to choose a password and set up an authenticator app',
  })
  @ApiCreatedResponse({
    type: LocalSetupView,
    description:
      'Any earlier password and authenticator are cleared and their sessions end; 409 for a role that signs in through the trust',
  })
  localSignIn(
    @Param('id', uuidParam('id')) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<LocalSetupView> {
    return this.localAccounts.issueSetup(id, principal);
  }

  @Get(':id')
  @ApiOkResponse({ type: UserView })
  get(@Param('id', uuidParam('id')) id: string): Promise<UserView> {
    return this.users.get(id);
  }

  @Patch(':id')
  @ApiOkResponse({
    type: UserView,
    description:
      '`active: false` ends their sessions at once, as a changed role or scope does (the same grant given again ends none); 409 when a person deactivates themselves',
  })
  update(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: UpdateUserDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<UserView> {
    return this.users.update(id, body, principal);
  }
}
