import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { FinanceInbound, parseFinanceEvent, WebhookVerificationError } from '@app/webhooks';
import { Public } from '../http/auth/auth.decorators';
import { ProblemException } from '../http/problem-details.filter';

@ApiTags('integrations')
@Controller('integrations/finance')
@Public()
export class FinanceEventsController {
  constructor(private readonly inbound: FinanceInbound) {}

  @Post('events')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Payment confirmations and failures from finance, signed with Standard Webhooks (FINANCE_WEBHOOK_SECRET)',
    description:
      'Body: { type: "payment.confirmed" | "payment.failed", data: { paymentOrderNo, amountVnd, treasuryRef, valueDate, reason? } }. ' +
      '202 when applied; 200 for a webhook-id already applied (no second effect); 401 for a bad or stale signature; ' +
      '422 FINANCE.UNKNOWN_PAYMENT_ORDER when no tranche issued the order (recorded and applied later if the order appears).',
  })
  @ApiHeader({ name: 'webhook-id', required: true })
  @ApiHeader({ name: 'webhook-timestamp', required: true })
  @ApiHeader({ name: 'webhook-signature', required: true })
  @ApiAcceptedResponse({ description: 'Applied' })
  async receive(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const raw = req.rawBody ?? Buffer.alloc(0);
    let id: string;
    try {
      ({ id } = this.inbound.verify(req.headers, raw));
    } catch (error) {
      if (error instanceof WebhookVerificationError) {
        throw new ProblemException({ status: 401, code: `WEBHOOK.${error.reason.toUpperCase()}`, detail: error.message });
      }
      throw error;
    }
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      throw new ProblemException({ status: 400, code: 'REQUEST.MALFORMED_JSON', detail: 'The request body is not valid JSON' });
    }
    const parsed = parseFinanceEvent(body);
    if ('problems' in parsed) {
      throw new ProblemException({
        status: 400,
        code: 'REQUEST.VALIDATION_FAILED',
        detail: parsed.problems.map((p) => `${p.field}: ${p.message}`).join('; '),
        errors: parsed.problems,
      });
    }
    const result = await this.inbound.receive(id, parsed.event, req.correlationId ?? id);
    switch (result.kind) {
      case 'duplicate':
        res.status(200);
        return { status: 'duplicate', webhookId: id, projectId: result.projectId };
      case 'parked':
        throw new ProblemException({
          status: 422,
          code: 'FINANCE.UNKNOWN_PAYMENT_ORDER',
          detail: `No tranche approval issued payment order ${result.paymentOrderNo}; the event is recorded for follow-up and applied if the order appears`,
          errors: [{ field: 'data.paymentOrderNo', message: 'unknown payment order' }],
        });
      case 'applied':
        return { status: 'applied', webhookId: id, projectId: result.projectId, version: result.outcome.body.version, position: result.outcome.body.position };
    }
  }
}
