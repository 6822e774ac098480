import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { DOSSIER_MODES, FUNDING_SOURCES } from '@app/domain';
import { IsLocalDate, IsVnd } from '../http/validators';

export class CreateProgrammeDto {
  @ApiProperty({ example: 'KCDP-LA-2026' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  readonly code!: string;

  @ApiProperty({ example: 'Khuyến công địa phương tỉnh Long An năm 2026' })
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

  @ApiPropertyOptional({ description: 'Province code (required for local programmes)', example: '80' })
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
