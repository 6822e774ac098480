import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsEmail, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsInstant } from '../http/validators';

const STATUSES = ['open', 'sent', 'done', 'cancelled', 'escalated'];

export class ListRemindersQuery {
  @ApiPropertyOptional({ description: 'One status or several separated by commas', example: 'open,sent' })
  @IsOptional()
  @IsString()
  @Matches(new RegExp(`^(${STATUSES.join('|')})(,(${STATUSES.join('|')}))*$`), { message: 'status must be reminder statuses separated by commas' })
  readonly status?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  readonly projectId?: string;

  @ApiPropertyOptional({ description: '`me`: work assigned to the caller (their user id or one of their roles)', enum: ['me'] })
  @IsOptional()
  @IsIn(['me'])
  readonly assignee?: string;

  @IsInstant({ optional: true, description: 'Only reminders due before this instant' })
  readonly dueBefore?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  readonly limit?: number;

  @ApiPropertyOptional({ description: 'Wait until the read models have processed this log position' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  readonly minPosition?: number;
}

export class ContactDto {
  @ApiProperty({ example: 'ketoan@khuyencong.longan.gov.vn' })
  @IsEmail()
  @MaxLength(254)
  readonly email!: string;

  @ApiPropertyOptional({ example: 'Phòng Kế toán' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  readonly name?: string;

  @ApiPropertyOptional({ enum: ['vi', 'en'], default: 'vi' })
  @IsOptional()
  @IsIn(['vi', 'en'])
  readonly language?: 'vi' | 'en';
}
