import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { MAX_ID_LENGTH } from '../../http/input-safety';
import { IsNumberMap } from '../../http/map-validators';
import { IsInstant, IsVnd } from '../../http/validators';
import { DocumentIds, Text } from './command-fields.dto';

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

  @DocumentIds()
  readonly documentIds?: string[];
}
