import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsNotEmpty, IsObject, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { BENEFICIARY_KINDS, CATEGORY_CODES } from '@app/domain';
import { IsInstant, IsLocalDate, IsVnd } from '../../http/validators';
import { CODE, ReasonDto, Text } from './command-fields.dto';

/** The beneficiary's contact person (a reminder's recipient is a `ReminderContactDto`). */
export class BeneficiaryContactDto {
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

  @ApiProperty({
    description: 'Province code of the administrative register (GET /areas/provinces); a pre-reform code is accepted with an AREA.PRE_REFORM warning, an unknown one refused (AREA.UNKNOWN_PROVINCE)',
    example: '80',
  })
  @IsString()
  @Matches(CODE)
  readonly province!: string;

  @ApiProperty({
    description: 'Commune or ward code within the province (GET /areas/provinces/{code}/communes); a pre-reform code is accepted with an AREA.PRE_REFORM warning, an unknown one refused (AREA.UNKNOWN_COMMUNE, AREA.COMMUNE_OUTSIDE_PROVINCE)',
    example: '27694',
  })
  @IsString()
  @Matches(CODE)
  readonly commune!: string;

  @ApiPropertyOptional({ description: 'District code (historical; districts were abolished in 2025)', example: '803' })
  @IsOptional()
  @IsString()
  @Matches(CODE)
  readonly district?: string;

  @ApiPropertyOptional({ type: BeneficiaryContactDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => BeneficiaryContactDto)
  readonly contact?: BeneficiaryContactDto;
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

export class InfoRequestDto extends ReasonDto {
  @IsInstant({ optional: true, description: 'Overrides the policy default (10 business days)' })
  readonly replyDueAt?: string;
}
