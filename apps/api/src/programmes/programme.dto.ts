import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min, Validate, ValidateNested, ValidatorConstraint, type ValidatorConstraintInterface } from 'class-validator';
import { DOSSIER_MODES, FUNDING_SOURCES } from '@app/domain';
import { ReadYourWritesQuery } from '../http/common.dto';
import { IsInstant, IsLocalDate, IsVnd } from '../http/validators';
import { parseReportPeriod, REPORT_PERIOD_PATTERN } from './reports/report-period';

/** The file formats of the progress report. */
export const REPORT_FORMATS = ['xlsx', 'csv'] as const;

/** A period of the right form whose year is one the engine handles (2000..2100). */
@ValidatorConstraint({ name: 'reportPeriodYear' })
class ReportPeriodYear implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value !== 'string' || !REPORT_PERIOD_PATTERN.test(value) || parseReportPeriod(value) !== undefined;
  }

  defaultMessage(): string {
    return 'period must be in the years 2000 to 2100';
  }
}

export class CreateProgrammeDto {
  @ApiProperty({ example: 'KCDP-LA-2026' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  readonly code!: string;

  @ApiProperty({ example: 'Khuyến công địa phương tỉnh Tây Ninh năm 2026' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  readonly name!: string;

  @ApiProperty({ example: 2026 })
  @IsInt()
  @Min(2000)
  @Max(2100)
  readonly year!: number;

  @ApiProperty({ enum: FUNDING_SOURCES, example: 'local' })
  @IsIn(FUNDING_SOURCES)
  readonly fundingSource!: (typeof FUNDING_SOURCES)[number];

  @ApiPropertyOptional({ description: 'Province code (required for local programmes) of the administrative register; a pre-reform code is accepted with an AREA.PRE_REFORM warning', example: '80' })
  @IsOptional()
  @IsString()
  @Matches(/^[0-9A-Za-z-]{1,16}$/)
  readonly province?: string;

  @IsVnd({ description: 'The programme budget', example: 5_000_000_000 })
  readonly budgetVnd!: number;

  @ApiProperty({ example: 'vn-longan-local-2022' })
  @IsString()
  @IsNotEmpty()
  readonly policyId!: string;

  @ApiPropertyOptional({ description: 'Policy version to pin; the latest when omitted', example: 1 })
  @IsOptional()
  @IsInt()
  @Min(1)
  readonly policyVersion?: number;

  @IsLocalDate({ example: '2026-01-05' })
  readonly registrationOpensOn!: string;

  @IsLocalDate({ example: '2026-05-20' })
  readonly registrationClosesOn!: string;

  @ApiPropertyOptional({
    enum: DOSSIER_MODES,
    description: 'enforce: a step is refused while the dossier lacks a document kind it requires; warn (default): the step goes ahead and the checklist shows the gap',
    example: 'warn',
  })
  @IsOptional()
  @IsIn(DOSSIER_MODES)
  readonly dossier?: (typeof DOSSIER_MODES)[number];
}

export class AdjustBudgetDto {
  @IsVnd({ allowNegative: true, description: 'Signed change of the budget', example: -200_000_000 })
  readonly deltaVnd!: number;

  @ApiProperty({ example: 'Điều chỉnh dự toán giữa năm' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  readonly reason!: string;

  @ApiProperty({ example: '123/QĐ-UBND' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  readonly decisionNo!: string;
}

/** `GET /programmes/{id}/reports/progress`. */
export class ProgressReportQuery extends ReadYourWritesQuery {
  @ApiProperty({
    description: 'The reporting period: a year (`2026`), a quarter (`2026-Q1` … `2026-Q4`) or a half-year (`2026-H1`, `2026-H2`)',
    example: '2026-Q1',
    pattern: REPORT_PERIOD_PATTERN.source,
  })
  @IsString({ message: 'period must be YYYY, YYYY-Qn (n = 1..4) or YYYY-Hn (n = 1, 2)' })
  @Matches(REPORT_PERIOD_PATTERN, { message: 'period must be YYYY, YYYY-Qn (n = 1..4) or YYYY-Hn (n = 1, 2)' })
  @Validate(ReportPeriodYear)
  readonly period!: string;

  @IsInstant({ optional: true, description: 'Figures replayed from the log as recorded at this instant (not in the future); the read models when omitted' })
  readonly asOf?: string;

  @ApiPropertyOptional({ enum: REPORT_FORMATS, default: 'xlsx', description: 'xlsx (the form sent upward) or csv (the same rows, UTF-8 with BOM)' })
  @IsOptional()
  @IsIn(REPORT_FORMATS, { message: 'format must be xlsx or csv' })
  readonly format?: (typeof REPORT_FORMATS)[number];
}

export class PlanItemDto {
  @ApiProperty({ description: 'A recommended project of the programme', example: '019a1b2c-3d4e-7f00-8a1b-2c3d4e5f6a7b' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  readonly projectId!: string;

  @IsVnd({ description: 'The support the plan approves (at most the recommended support)', example: 150_000_000 })
  readonly approvedSupportVnd!: number;
}

export class CreatePlanDto {
  @ApiProperty({ example: 'Kế hoạch khuyến công địa phương năm 2026' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  readonly title!: string;

  @ApiProperty({ type: [PlanItemDto], description: 'Recommended projects of the programme, each listed once' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => PlanItemDto)
  readonly items!: PlanItemDto[];
}

export class PlanApprovalDto {
  @ApiProperty({ example: '1234/QĐ-UBND' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  readonly decisionNo!: string;

  @IsLocalDate({ example: '2026-04-10' })
  readonly decidedOn!: string;
}
