import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { ReadYourWritesQuery } from '../http/common.dto';
import { IsInstant, IsPageLimit } from '../http/validators';

const STATUSES = ['open', 'sent', 'done', 'cancelled', 'escalated'];

export class ListRemindersQuery extends ReadYourWritesQuery {
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

  @IsPageLimit({ max: 200, defaultValue: 50 })
  readonly limit?: number;

}

/** The reminder e-mail of a user id or a role mailbox. */
export class ReminderContactDto {
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
