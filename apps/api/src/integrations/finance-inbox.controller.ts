import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { FinanceInbound } from '@app/webhooks';
import { Roles } from '../http/auth/auth.decorators';
import { FinanceInboxPageDto, FinanceInboxQuery } from './finance-inbox.dto';

/** What finance sent that the engine parked or refused, for the people who reconcile payments. */
@ApiTags('integrations')
@ApiBearerAuth()
@Controller('integrations/finance')
@Roles('accountant', 'auditor', 'admin')
export class FinanceInboxController {
  constructor(private readonly inbound: FinanceInbound) {}

  @Get('events')
  @ApiOperation({
    summary: 'Inbound finance events parked (to be applied) or rejected (refused as invalid), newest first',
    description: 'Each item names the webhook id, type, reception time, reason code and detail, payment order and status. Paged with `limit` and `cursor`.',
  })
  @ApiOkResponse({ type: FinanceInboxPageDto })
  list(@Query() query: FinanceInboxQuery) {
    return this.inbound.inbox({ status: query.status ?? 'parked', limit: query.limit ?? 50, ...(query.cursor !== undefined ? { cursor: query.cursor } : {}) });
  }
}
