import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { AMENDMENT_KINDS, BENEFICIARY_KINDS, CATEGORY_CODES, TRANCHE_KINDS } from '@app/domain';
import { MAX_ID_LENGTH } from '../../http/input-safety';
import { IsNumberMap } from '../../http/map-validators';
import { IsInstant, IsLocalDate, IsVnd } from '../../http/validators';

const CODE = /^[0-9A-Za-z_-]{1,32}$/;

/** Free text a person writes (reasons, notes, summaries). */
function Text(max = 4000): PropertyDecorator {
  return (target: object, key: string | symbol) => {
    IsString()(target, key);
    IsNotEmpty()(target, key);
    MaxLength(max)(target, key);
  };
}

export class ContactDto {
  @ApiProperty({ example: 'Nguyễn Văn An' })
  @Text(200)
  readonly name!: string;

  @ApiProperty({ example: '0912345678' })
  @IsString()
  @Matches(/^\+?[0-9 .-]{6,20}$/, { message: 'phone must be a telephone number' })
  readonly phone!: string;
}

export class BeneficiaryDto {
  @ApiProperty({ example: 'Cơ sở sản xuất kẹo khóm Bến Lức' })
  @Text(300)
  readonly name!: string;

  @ApiProperty({ enum: BENEFICIARY_KINDS, example: 'household_business' })
  @IsIn(BENEFICIARY_KINDS)
  readonly kind!: (typeof BENEFICIARY_KINDS)[number];

  @ApiPropertyOptional({ example: '1101234567' })
  @IsOptional()
  @IsString()
  @Matches(/^[0-9-]{10,14}$/, { message: 'taxCode must be a Vietnamese tax code (10 or 13 digits)' })
  readonly taxCode?: string;

  @ApiProperty({ description: 'Province code', example: '80' })
  @IsString()
  @Matches(CODE)
  readonly province!: string;

  @ApiProperty({ description: 'Commune code', example: '27694' })
  @IsString()
  @Matches(CODE)
  readonly commune!: string;

  @ApiPropertyOptional({ description: 'District code (historical; districts were abolished in 2025)', example: '803' })
  @IsOptional()
  @IsString()
  @Matches(CODE)
  readonly district?: string;

  @ApiPropertyOptional({ type: ContactDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ContactDto)
  readonly contact?: ContactDto;
}

export class CreateProjectDto {
  @ApiProperty({ example: '019a1b2c-3d4e-7f00-8a1b-2c3d4e5f6a7b' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  readonly programmeId!: string;

  @ApiProperty({ example: 'Dây chuyền sản xuất kẹo khóm' })
  @Text(300)
  readonly title!: string;

  @ApiProperty({ enum: CATEGORY_CODES, example: 'MACHINERY' })
  @IsString()
  @Matches(/^[A-Z_]{2,32}$/, { message: 'category must be a category code such as MACHINERY' })
  readonly category!: string;

  @ApiProperty({ type: BeneficiaryDto })
  @IsObject()
  @ValidateNested()
  @Type(() => BeneficiaryDto)
  readonly beneficiary!: BeneficiaryDto;

  @IsVnd({ example: 400_000_000 })
  readonly totalCostVnd!: number;

  @IsVnd({ example: 150_000_000 })
  readonly requestedSupportVnd!: number;

  @IsVnd({ example: 250_000_000 })
  readonly counterpartVnd!: number;

  @IsLocalDate({ example: '2026-05-01' })
  readonly plannedStart!: string;

  @IsLocalDate({ example: '2026-10-31' })
  readonly plannedEnd!: string;

  @ApiProperty({ example: 'Nâng công suất lên 2 tấn/ngày, giảm 30% lao động thủ công' })
  @Text()
  readonly objectives!: string;

  @ApiPropertyOptional({ example: 'Tạo việc làm cho 12 lao động nông thôn' })
  @IsOptional()
  @Text()
  readonly expectedEffects?: string;
}

/** Every field of the draft may change; the programme may not (a `programmeId` is refused). */
export class UpdateProjectDto extends PartialType(OmitType(CreateProjectDto, ['programmeId'] as const)) {}

export class DeclarationsDto {
  @ApiProperty({ description: 'The establishment has committed its counterpart funds', example: true })
  @IsBoolean()
  readonly counterpartCommitted!: boolean;

  @ApiProperty({ description: 'No other state funding covers the same costs', example: true })
  @IsBoolean()
  readonly noDoubleFunding!: boolean;
}

export class SubmitDto {
  @ApiProperty({ type: DeclarationsDto })
  @IsObject()
  @ValidateNested()
  @Type(() => DeclarationsDto)
  readonly declarations!: DeclarationsDto;
}

export class ReasonDto {
  @ApiProperty({ example: 'Thiếu báo giá thiết bị' })
  @Text()
  readonly reason!: string;
}

export class InfoRequestDto extends ReasonDto {
  @IsInstant({ optional: true, description: 'Overrides the policy default (10 business days)' })
  readonly replyDueAt?: string;
}

export class NoteDto {
  @ApiProperty({ example: 'Đã bổ sung báo giá' })
  @Text()
  readonly note!: string;
}

export class OpenAppraisalDto {
  @ApiProperty({ type: [String], example: ['appraiser-1', 'appraiser-2', 'appraiser-3'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(25)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(MAX_ID_LENGTH, { each: true })
  readonly panel!: string[];

  @IsInstant({ optional: true, description: 'Overrides the policy default (15 business days)' })
  readonly dueAt?: string;
}

export class ScoresDto {
  @ApiProperty({
    description: 'One score 0–10 per criterion of the pinned rubric',
    example: { fit: 8, necessity: 7, cost: 6, capacity: 7, dossier: 9 },
    type: 'object',
    additionalProperties: { type: 'number', minimum: 0, maximum: 10 },
  })
  @IsNumberMap({ min: 0, max: 10, maxKeys: 20 })
  readonly scores!: Record<string, number>;

  @ApiPropertyOptional({ example: 'Thiết bị phù hợp năng lực cơ sở' })
  @IsOptional()
  @Text()
  readonly comment?: string;
}

export class ConclusionDto {
  @ApiProperty({ example: true })
  @IsBoolean()
  readonly recommend!: boolean;

  @IsVnd({ optional: true, example: 150_000_000 })
  readonly recommendedSupportVnd?: number;

  @ApiProperty({ example: 'BB-TĐ-12/2026' })
  @Text(100)
  readonly minutesRef!: string;
}

export class ApprovalDto {
  @ApiProperty({ example: '45/QĐ-SCT' })
  @Text(100)
  readonly decisionNo!: string;

  @IsLocalDate({ example: '2026-06-10' })
  readonly decidedOn!: string;

  @IsVnd({ example: 150_000_000 })
  readonly approvedSupportVnd!: number;
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
}

export class SettlementDto {
  @IsVnd({ example: 148_000_000 })
  readonly spentVnd!: number;

  @IsVnd({ example: 250_000_000 })
  readonly counterpartSpentVnd!: number;

  @ApiProperty({ example: 'HS-QT-2026-07' })
  @Text(300)
  readonly dossierRef!: string;
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
