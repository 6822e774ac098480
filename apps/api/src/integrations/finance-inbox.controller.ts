import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { FinanceInbound } from '@app/webhooks';
import { CurrentPrincipal, Roles } from '../http/auth/auth.decorators';
import type { Principal } from '../http/auth/principal';
import { ProjectVisibility } from '../projects/project-visibility';
import { FinanceInboxPageDto, FinanceInboxQuery } from './finance-inbox.dto';

/** What finance sent that the engine parked or refused, for the people who reconcile payments. */
@ApiTags('integrations')
@ApiBearerAuth()
@Controller('integrations/finance')
@Roles('accountant', 'auditor', 'admin')
export class FinanceInboxController {
  constructor(
    private readonly inbound: FinanceInbound,
    private readonly visibility: ProjectVisibility,
  ) {}

  @Get('events')
  @ApiOperation({
    summary: 'Inbound finance events parked (to be applied) or rejected (refused as invalid), newest first',
    description:
      'Each item names the webhook id, type, reception time, reason code and detail, payment order and status. Paged with `limit` and `cursor`. ' +
      "Finance events carry every project's payment orders: a token bound by `areas` is refused (403 `AUTH.SCOPE_TOO_NARROW`).",
  })
  @ApiOkResponse({ type: FinanceInboxPageDto })
  list(@Query() query: FinanceInboxQuery, @CurrentPrincipal() principal: Principal) {
    this.visibility.requireWholeProvince(principal, 'The finance inbox');
    return this.inbound.inbox({ status: query.status ?? 'parked', limit: query.limit ?? 50, ...(query.cursor !== undefined ? { cursor: query.cursor } : {}) });
  }
}
