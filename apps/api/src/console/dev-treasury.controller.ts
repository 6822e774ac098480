import { Body, Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { Clock, IdGenerator } from '@app/application';
import type { EngineConfig } from '@app/config';
import { localDateOf } from '@app/domain';
import { CLOCK, IDS } from '@app/runtime';
import { buildWebhookHeaders, FinanceInbound, parseFinanceEvent } from '@app/webhooks';
import { CurrentPrincipal, Roles } from '../http/auth/auth.decorators';
import type { Principal } from '../http/auth/principal';
import { ProblemException } from '../http/problem-details.filter';
import { CONSOLE_CONFIG } from './console.tokens';
import { DevPaymentDto } from './dev.dto';

/**
 * "Simulate treasury payment", a development action of the console. Payments come from the
 * finance system as signed webhooks, never from staff; to let a newcomer walk a tranche to
 * `paid` with clicks only, this signs a `payment.confirmed` event with the engine's own finance
 * secret and hands it to the same verification and the same `FinanceInbound` the finance
 * endpoint uses. The log names the person who pressed the button as the actor, acting in the
 * finance system's role (the only role a payment confirmation accepts), so the simulation is
 * never mistaken for the treasury. `ConsoleModule` registers it only with development features.
 */
@ApiTags('console (development only)')
@ApiBearerAuth()
@Controller('console/dev')
@Roles('officer', 'accountant', 'approver', 'admin')
export class DevTreasuryController {
  constructor(
    @Inject(CONSOLE_CONFIG) private readonly config: EngineConfig,
    private readonly modules: ModuleRef,
  ) {}

  @Post('treasury-payments')
  @HttpCode(202)
  @ApiOperation({ summary: 'Simulate the treasury confirming a payment order (development features only)' })
  @ApiAcceptedResponse({ description: '{ status: "applied" | "duplicate", projectId, version?, position? }' })
  async pay(@Body() body: DevPaymentDto, @Req() req: Request, @CurrentPrincipal() principal: Principal) {
    const secret = this.config.financeWebhookSecret;
    if (!this.config.devFeatures || !secret) {
      throw new ProblemException({ status: 404, code: 'NOT_FOUND', detail: 'The simulated treasury is not available' });
    }
    // The runtime's providers live in the engine's module; this module reaches them without importing a second copy.
    const inbound = this.modules.get(FinanceInbound, { strict: false });
    const clock = this.modules.get<Clock>(CLOCK, { strict: false });
    const ids = this.modules.get<IdGenerator>(IDS, { strict: false });
    const now = clock.now();
    const raw = JSON.stringify({
      type: 'payment.confirmed',
      data: { paymentOrderNo: body.paymentOrderNo, amountVnd: body.amountVnd, treasuryRef: `KB-DEV-${body.paymentOrderNo}`, valueDate: localDateOf(now.toISOString()) },
    });
    const headers = buildWebhookHeaders({ secret, id: `msg_dev_${ids.next()}`, timestamp: Math.floor(now.getTime() / 1000), body: raw });
    const { id } = inbound.verify(headers, raw);
    const parsed = parseFinanceEvent(JSON.parse(raw));
    if ('problems' in parsed) {
      throw new ProblemException({ status: 400, code: 'REQUEST.VALIDATION_FAILED', detail: parsed.problems.map((p) => `${p.field}: ${p.message}`).join('; '), errors: parsed.problems });
    }
    const result = await inbound.receive(id, parsed.event, req.correlationId ?? id, { id: principal.id, roles: ['finance-system'] });
    switch (result.kind) {
      case 'parked':
        throw new ProblemException({
          status: 422,
          code: 'FINANCE.UNKNOWN_PAYMENT_ORDER',
          detail: `No tranche approval issued payment order ${result.paymentOrderNo}`,
          errors: [{ field: 'paymentOrderNo', message: 'unknown payment order' }],
        });
      case 'duplicate':
        return { status: 'duplicate', projectId: result.projectId };
      case 'retry_later':
        throw new ProblemException({ status: 503, code: 'FINANCE.RETRY_LATER', detail: 'The payment could not be applied now; it is kept and applied shortly' });
      case 'applied':
        return { status: 'applied', projectId: result.projectId, version: result.outcome.body.version, position: result.outcome.body.position };
    }
  }
}
