import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsNotEmpty, IsNumber, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { AMENDMENT_KINDS, CATEGORY_CODES } from '@app/domain';
import { IsLocalDate, IsVnd } from '../../http/validators';
import { CODE, DocumentIds, NoteDto, ReasonDto, Text } from './command-fields.dto';
import { BeneficiaryDto } from './proposal.dto';

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

/** A unit the project works with, named by a `partner` amendment. */
export class PartnerDto {
  @ApiProperty({ example: 'Trường Cao đẳng nghề Long An' })
  @Text(300)
  readonly partnerName!: string;

  @ApiProperty({ example: 'chuyển giao kỹ thuật' })
  @Text(300)
  readonly role!: string;
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

  @ApiPropertyOptional({
    description: '`location`: the new province code (checked against the administrative registers like at creation)',
    example: '80',
  })
  @IsOptional()
  @IsString()
  @Matches(CODE)
  readonly province?: string;

  @ApiPropertyOptional({ description: '`location`: the new commune or ward code within the province', example: '27694' })
  @IsOptional()
  @IsString()
  @Matches(CODE)
  readonly commune?: string;

  @ApiPropertyOptional({ type: BeneficiaryDto, description: '`beneficiary`: the new beneficiary, whole, validated as at creation' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => BeneficiaryDto)
  readonly beneficiary?: BeneficiaryDto;

  @ApiPropertyOptional({ enum: CATEGORY_CODES, description: '`content`: a new category, allowed by the pinned policy', example: 'TECH_TRANSFER' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Z_]{2,32}$/, { message: 'category must be a category code such as MACHINERY' })
  readonly category?: string;

  @ApiPropertyOptional({ description: '`content`: the new objectives', example: 'Chuyển giao công nghệ sấy lạnh' })
  @IsOptional()
  @Text()
  readonly objectives?: string;

  @ApiPropertyOptional({ description: '`content`: the new expected effects', example: 'Tăng 20 % năng suất' })
  @IsOptional()
  @Text()
  readonly expectedEffects?: string;

  @ApiPropertyOptional({ type: [PartnerDto], description: "`partner`: the project's whole new list of partners" })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => PartnerDto)
  readonly partners?: PartnerDto[];
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
