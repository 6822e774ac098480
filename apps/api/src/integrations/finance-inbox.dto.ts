import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { IsPageCursor, IsPageLimit } from '../http/validators';

/** The statuses the finance inbox lists: waiting to be applied, refused, given up on. */
export const FINANCE_INBOX_STATUSES = ['parked', 'rejected', 'expired'] as const;

export class FinanceInboxQuery {
  @ApiPropertyOptional({
    description: '`parked`: kept to be applied (unknown order, transient failure); `rejected`: refused as invalid; `expired`: parked for four days and given up',
    enum: FINANCE_INBOX_STATUSES,
    default: 'parked',
  })
  @IsOptional()
  @IsIn(FINANCE_INBOX_STATUSES)
  readonly status?: (typeof FINANCE_INBOX_STATUSES)[number];

  @IsPageLimit({ max: 200, defaultValue: 50 })
  readonly limit?: number;

  @IsPageCursor()
  readonly cursor?: string;
}

/** One inbound event of the finance inbox. */
export class FinanceInboxItemDto {
  @ApiProperty({ example: 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W' })
  readonly webhookId!: string;
  @ApiProperty({ type: String, nullable: true, example: 'payment.confirmed' })
  readonly type!: string | null;
  @ApiProperty({ format: 'date-time' })
  readonly receivedAt!: string;
  @ApiProperty({ enum: ['parked', 'applied', 'rejected', 'expired'] })
  readonly status!: string;
  @ApiProperty({ type: String, nullable: true, description: 'FINANCE.UNKNOWN_PAYMENT_ORDER, FINANCE.TRANSIENT_FAILURE, or the refusal code', example: 'PAYMENT.AMOUNT_MISMATCH' })
  readonly reasonCode!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The last reason in words' })
  readonly detail!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'UNC-2026-0001' })
  readonly paymentOrderNo!: string | null;
  @ApiProperty({ description: 'Receptions and re-applications so far', example: 1 })
  readonly attempts!: number;
  @ApiProperty({ type: String, nullable: true, format: 'date-time', description: 'When it was rejected, applied or given up' })
  readonly resolvedAt!: string | null;
}

export class FinanceInboxPageDto {
  @ApiProperty({ type: [FinanceInboxItemDto] })
  readonly items!: FinanceInboxItemDto[];
  @ApiPropertyOptional({ description: 'Present when there are more items' })
  readonly nextCursor?: string;
}
