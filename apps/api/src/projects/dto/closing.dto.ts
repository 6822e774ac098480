import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsNumberMap } from '../../http/map-validators';
import { IsLocalDate, IsVnd } from '../../http/validators';
import { DocumentIds, Text } from './command-fields.dto';

export class CompletionDto {
  @ApiProperty({ example: 'BC-TK-2026-07' })
  @Text(300)
  readonly finalReportRef!: string;
}

export class AcceptanceDto {
  @ApiProperty({ example: true })
  @IsBoolean()
  readonly passed!: boolean;

  @ApiProperty({ example: 'BB-NT-07/2026' })
  @Text(100)
  readonly minutesRef!: string;

  @ApiProperty({ example: { outputTonsPerDay: 2, jobs: 12 }, type: 'object', additionalProperties: { type: 'number' } })
  @IsNumberMap()
  readonly indicators!: Record<string, number>;

  @ApiPropertyOptional({ type: [String], example: ['Thiếu hướng dẫn vận hành'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(2000, { each: true })
  readonly defects?: string[];

  @DocumentIds()
  readonly documentIds?: string[];
}

export class SettlementDto {
  @IsVnd({ example: 148_000_000 })
  readonly spentVnd!: number;

  @IsVnd({ example: 250_000_000 })
  readonly counterpartSpentVnd!: number;

  @ApiProperty({ example: 'HS-QT-2026-07' })
  @Text(300)
  readonly dossierRef!: string;

  @DocumentIds()
  readonly documentIds?: string[];
}

export class SettlementApprovalDto {
  @IsVnd({ example: 148_000_000 })
  readonly approvedVnd!: number;
}

export class RefundDto {
  @IsVnd({ example: 2_000_000 })
  readonly amountVnd!: number;

  @ApiProperty({ example: 'KB-NT-0099' })
  @Text(100)
  readonly treasuryRef!: string;
}

export class OutcomeDto {
  @IsLocalDate({ example: '2027-06-30' })
  readonly measuredOn!: string;

  @ApiProperty({ example: { outputTonsPerDay: 2.4, jobs: 14, revenueVnd: 1_200_000_000 }, type: 'object', additionalProperties: { type: 'number' } })
  @IsNumberMap()
  readonly indicators!: Record<string, number>;
}
