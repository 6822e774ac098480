import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, Max, Min, ValidateNested } from 'class-validator';
import { TRANCHE_KINDS } from '@app/domain';
import { IsLocalDate, IsVnd } from '../../http/validators';
import { DocumentIds, Text } from './command-fields.dto';

export class ApprovalDto {
  @ApiProperty({ example: '45/QĐ-SCT' })
  @Text(100)
  readonly decisionNo!: string;

  @IsLocalDate({ example: '2026-06-10' })
  readonly decidedOn!: string;

  @IsVnd({ example: 150_000_000 })
  readonly approvedSupportVnd!: number;

  @DocumentIds()
  readonly documentIds?: string[];
}

export class TrancheScheduleDto {
  @ApiProperty({ example: 1 })
  @IsInt()
  @Min(1)
  @Max(100)
  readonly no!: number;

  @ApiProperty({ enum: TRANCHE_KINDS, example: 'advance' })
  @IsIn(TRANCHE_KINDS)
  readonly kind!: (typeof TRANCHE_KINDS)[number];

  @IsVnd({ example: 100_000_000 })
  readonly amountVnd!: number;
}

export class ContractDto {
  @ApiProperty({ example: 'HĐ-07/2026/KC' })
  @Text(100)
  readonly contractNo!: string;

  @IsLocalDate({ example: '2026-06-20' })
  readonly signedOn!: string;

  @ApiProperty({ type: [TrancheScheduleDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(24)
  @ValidateNested({ each: true })
  @Type(() => TrancheScheduleDto)
  readonly tranches!: TrancheScheduleDto[];
}
