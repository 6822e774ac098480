import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsNotEmpty, IsNumber, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { AMENDMENT_KINDS } from '@app/domain';
import { IsLocalDate, IsVnd } from '../../http/validators';
import { DocumentIds, NoteDto, ReasonDto, Text } from './command-fields.dto';

export class ImplementationDto {
  @IsLocalDate({ example: '2026-07-01' })
  readonly startedOn!: string;
}

export class ProgressReportDto {
  @ApiProperty({ example: '2026-07' })
  @IsString()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'period must be a month YYYY-MM' })
  readonly period!: string;

  @ApiProperty({ minimum: 0, maximum: 100, example: 40 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  readonly percentComplete!: number;

  @ApiProperty({ example: 'Đã lắp đặt máy, đang chạy thử' })
  @Text()
  readonly summary!: string;
}

export class TrancheRequestDto {
  @IsVnd({ example: 100_000_000 })
  readonly amountVnd!: number;

  @ApiProperty({ type: [String], example: ['HĐ mua máy số 12', 'Biên bản bàn giao'] })
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(300, { each: true })
  readonly evidenceRefs!: string[];

  @DocumentIds()
  readonly documentIds?: string[];
}

export class TrancheApprovalDto {
  @ApiProperty({ example: 'UNC-2026-0012' })
  @IsString()
  @Matches(/^[\p{L}\p{N}/._-]{1,64}$/u, { message: 'paymentOrderNo must be 1–64 letters, digits or / . _ -' })
  readonly paymentOrderNo!: string;
}

export class AmendmentChangesDto {
  @IsLocalDate({ optional: true, example: '2026-12-15' })
  readonly plannedEnd?: string;

  @IsVnd({ optional: true, allowNegative: true, example: 20_000_000 })
  readonly supportDeltaVnd?: number;

  @ApiPropertyOptional({ example: 'Đổi nhà cung cấp thiết bị' })
  @IsOptional()
  @Text()
  readonly description?: string;
}

export class AmendmentRequestDto extends ReasonDto {
  @ApiProperty({ enum: AMENDMENT_KINDS, example: 'schedule' })
  @IsIn(AMENDMENT_KINDS)
  readonly kind!: (typeof AMENDMENT_KINDS)[number];

  @ApiProperty({ type: AmendmentChangesDto })
  @IsObject()
  @ValidateNested()
  @Type(() => AmendmentChangesDto)
  readonly changes!: AmendmentChangesDto;
}

export class AmendmentDecisionDto extends NoteDto {
  @ApiProperty({ example: true })
  @IsBoolean()
  readonly approve!: boolean;
}
