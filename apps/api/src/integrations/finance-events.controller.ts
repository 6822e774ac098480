import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { ErrorCode } from '@app/domain';
import { FinanceInbound, parseFinanceEvent, WebhookVerificationError, WebhookVerificationFailure } from '@app/webhooks';
import { Public } from '../http/auth/auth.decorators';
import { ProblemException } from '../http/problem-details.filter';

/** The code of each reason a webhook's signature headers are refused. */
const VERIFICATION_CODES: Readonly<Record<WebhookVerificationFailure, ErrorCode>> = {
  missing_id: 'WEBHOOK.MISSING_ID',
  missing_timestamp: 'WEBHOOK.MISSING_TIMESTAMP',
  missing_signature: 'WEBHOOK.MISSING_SIGNATURE',
  invalid_timestamp: 'WEBHOOK.INVALID_TIMESTAMP',
  timestamp_too_old: 'WEBHOOK.TIMESTAMP_TOO_OLD',
  timestamp_too_new: 'WEBHOOK.TIMESTAMP_TOO_NEW',
  no_matching_signature: 'WEBHOOK.NO_MATCHING_SIGNATURE',
};

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
      '422 FINANCE.UNKNOWN_PAYMENT_ORDER when no tranche issued the order (recorded and applied later if the order appears); ' +
      '400 or a 409/422 refusal with its code for an invalid event (recorded as rejected, GET /integrations/finance/events?status=rejected); ' +
      '503 FINANCE.RETRY_LATER with Retry-After when the engine could not apply it now (kept and applied by the worker; retrying with the same webhook-id is safe).',
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
        throw new ProblemException({ status: 401, code: VERIFICATION_CODES[error.reason], detail: error.message });
      }
      throw error;
    }
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      await this.recordRefusal(id, undefined, 'REQUEST.MALFORMED_JSON', 'The request body is not valid JSON');
      throw new ProblemException({ status: 400, code: 'REQUEST.MALFORMED_JSON', detail: 'The request body is not valid JSON' });
    }
    const parsed = parseFinanceEvent(body);
    if ('problems' in parsed) {
      const detail = parsed.problems.map((p) => `${p.field}: ${p.message}`).join('; ');
      await this.recordRefusal(id, body, 'REQUEST.VALIDATION_FAILED', detail);
      throw new ProblemException({ status: 400, code: 'REQUEST.VALIDATION_FAILED', detail, errors: parsed.problems });
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
      case 'retry_later':
        // The filter adds Retry-After to every 503; the worker applies the kept event meanwhile.
        throw new ProblemException({
          status: 503,
          code: 'FINANCE.RETRY_LATER',
          detail: 'The event could not be applied now; it is kept and applied shortly, and may be sent again with the same webhook-id',
        });
      case 'applied':
        return { status: 'applied', webhookId: id, projectId: result.projectId, version: result.outcome.body.version, position: result.outcome.body.position };
    }
  }

  /**
   * Records a verified event refused for its shape, so the finance inbox shows it; the answer is
   * the refusal whether or not the record could be written.
   */
  private async recordRefusal(webhookId: string, body: unknown, code: string, detail: string): Promise<void> {
    const fields = typeof body === 'object' && body !== null ? (body as { type?: unknown; data?: { paymentOrderNo?: unknown } | null }) : {};
    const text = (value: unknown) => (typeof value === 'string' ? value.slice(0, 200) : null);
    await this.inbound
      .reject(webhookId, { type: text(fields.type), paymentOrderNo: text(fields.data?.paymentOrderNo), body }, { kind: 'refused', code, detail })
      .catch(() => undefined);
  }
}
