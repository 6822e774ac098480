import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { IsVnd } from '../http/validators';
import { DEV_PEOPLE } from './dev-people';

/** Longest life of a development token: a working day. */
export const DEV_TOKEN_MAX_TTL_SECONDS = 12 * 3600;

export class DevTokenDto {
  @ApiProperty({ enum: DEV_PEOPLE.map((p) => p.sub), example: 'demo-officer' })
  @IsString()
  @IsIn(DEV_PEOPLE.map((p) => p.sub), { message: 'sub must be one of the demo users' })
  readonly sub!: string;

  @ApiPropertyOptional({ description: 'Lifetime in seconds (default 8 hours)', minimum: 1, maximum: DEV_TOKEN_MAX_TTL_SECONDS, example: 28800 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(DEV_TOKEN_MAX_TTL_SECONDS)
  readonly ttlSeconds?: number;
}

export class DevPaymentDto {
  @ApiProperty({ example: 'UNC-2026-0012' })
  @IsString()
  @Matches(/^[\p{L}\p{N}/._-]{1,64}$/u, { message: 'paymentOrderNo must be 1–64 letters, digits or / . _ -' })
  readonly paymentOrderNo!: string;

  @IsVnd({ example: 100_000_000 })
  readonly amountVnd!: number;
}
