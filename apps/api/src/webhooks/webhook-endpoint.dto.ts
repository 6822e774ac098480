import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMinSize, ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, IsUrl, MaxLength, Min } from 'class-validator';
import { INTEGRATION_EVENT_TYPES } from '@app/contracts';
import { IsPageLimit } from '../http/validators';

export class CreateWebhookEndpointDto {
  @ApiProperty({ example: 'https://finance.longan.gov.vn/hooks/grants' })
  @IsUrl({ protocols: ['https', 'http'], require_protocol: true, require_tld: false }, { message: 'url must be an http(s) URL' })
  @MaxLength(2000)
  readonly url!: string;

  @ApiProperty({ enum: INTEGRATION_EVENT_TYPES, isArray: true, example: ['commitment.recorded', 'payment_order.issued'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(INTEGRATION_EVENT_TYPES.length)
  @IsIn(INTEGRATION_EVENT_TYPES, { each: true })
  readonly eventTypes!: string[];

  @ApiPropertyOptional({ example: 'Kho bạc Nhà nước tỉnh' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  readonly description?: string;
}

export class ReplayDto {
  @ApiProperty({ description: 'Send again every matching message from this log position on', example: 1 })
  @IsInt()
  @Min(1)
  readonly fromPosition!: number;
}

export class DeliveriesQuery {
  @ApiPropertyOptional({ enum: ['pending', 'succeeded', 'exhausted', 'cancelled'] })
  @IsOptional()
  @IsIn(['pending', 'succeeded', 'exhausted', 'cancelled'])
  readonly status?: string;

  @IsPageLimit({ max: 200, defaultValue: 50 })
  readonly limit?: number;
}
