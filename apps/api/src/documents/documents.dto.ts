import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { DOCUMENT_KIND_CODES, DOSSIER_MODES, DOSSIER_STEPS } from '@app/domain';
import { ReadYourWritesQuery } from '../http/common.dto';
import { IsLocalDate } from '../http/validators';
import { Text } from '../projects/dto/command-fields.dto';

/** The longest title of a document. */
export const MAX_TITLE_LENGTH = 500;

const KIND_DESCRIPTION = 'The document kind (DOCUMENT_KINDS); id_card holds personal data and is stored encrypted with the project’s data-subject key';

/** `POST /projects/{id}/documents`: the multipart form (fields first, then the file), for the OpenAPI description. */
export class UploadDocumentForm {
  @ApiProperty({ enum: DOCUMENT_KIND_CODES, description: `${KIND_DESCRIPTION}. Send it before the file.`, example: 'quotation' })
  readonly kind!: string;

  @ApiPropertyOptional({ maxLength: MAX_TITLE_LENGTH, description: 'Defaults to the file name. Send it before the file.', example: 'Báo giá máy sấy' })
  readonly title?: string;

  @ApiProperty({ type: 'string', format: 'binary', description: 'The file, last: PDF, JPEG, PNG, DOCX, XLSX, ODT or ODS, at most DOCUMENT_MAX_BYTES' })
  readonly file!: unknown;
}

export class PaperDocumentDto {
  @ApiProperty({ enum: DOCUMENT_KIND_CODES, description: KIND_DESCRIPTION, example: 'business_registration' })
  @IsString()
  @IsIn(DOCUMENT_KIND_CODES, { message: `kind must be one of: ${DOCUMENT_KIND_CODES.join(', ')}` })
  readonly kind!: string;

  @ApiProperty({ example: 'Giấy chứng nhận đăng ký kinh doanh (bản sao)' })
  @Text(MAX_TITLE_LENGTH)
  readonly title!: string;

  @IsLocalDate({ description: 'When the centre received the paper item (not after today)', example: '2026-03-02' })
  readonly receivedOn!: string;

  @ApiProperty({ description: 'Number in the registry book of incoming documents', example: 'CV-0231' })
  @Text(64)
  readonly registryNo!: string;
}

export class SupersedeDocumentDto {
  @ApiProperty({ example: 'Báo giá cũ, đã thay bằng báo giá tháng 3' })
  @Text()
  readonly reason!: string;
}

export class DocumentListQuery extends ReadYourWritesQuery {}

export class DocumentContentQuery {
  @ApiPropertyOptional({ enum: ['1'], description: '1: answer with `Content-Disposition: attachment` (a download) instead of inline' })
  @IsOptional()
  @IsString()
  @Matches(/^1$/, { message: 'download must be 1' })
  readonly download?: string;
}

/** One document of a project's dossier (DocumentItem of the dossier's contract). */
export class DocumentItemDto {
  @ApiProperty({ format: 'uuid' }) readonly id!: string;
  @ApiProperty() readonly projectId!: string;
  @ApiProperty({ enum: DOCUMENT_KIND_CODES }) readonly kind!: string;
  @ApiProperty() readonly title!: string;
  @ApiProperty({ enum: ['file', 'paper'] }) readonly form!: 'file' | 'paper';
  @ApiPropertyOptional({ description: 'file items' }) readonly fileName?: string;
  @ApiPropertyOptional({ description: 'file items: the type sniffed from the bytes', example: 'application/pdf' }) readonly mediaType?: string;
  @ApiPropertyOptional({ description: 'file items: bytes' }) readonly size?: number;
  @ApiPropertyOptional({ description: 'file items: SHA-256 of the bytes (lowercase hex), also the content’s ETag' }) readonly sha256?: string;
  @ApiPropertyOptional({ description: 'paper items', example: '2026-03-02' }) readonly receivedOn?: string;
  @ApiPropertyOptional({ description: 'paper items' }) readonly registryNo?: string;
  @ApiProperty({ description: 'Actor id' }) readonly uploadedBy!: string;
  @ApiProperty({ format: 'date-time' }) readonly uploadedAt!: string;
  @ApiProperty({ description: 'Global log position of the event that added it' }) readonly position!: number;
  @ApiProperty() readonly superseded!: boolean;
  @ApiPropertyOptional() readonly supersededReason?: string;
}

export class ChecklistItemDto {
  @ApiProperty({ enum: DOCUMENT_KIND_CODES }) readonly kind!: string;
  @ApiProperty() readonly present!: boolean;
  @ApiProperty({ type: [String] }) readonly documentIds!: string[];
}

export class ChecklistDto {
  @ApiProperty({ enum: DOSSIER_STEPS, nullable: true, description: 'The next step the dossier is checked before; null when none is ahead' }) readonly step!: string | null;
  @ApiProperty({ enum: DOSSIER_MODES }) readonly mode!: string;
  @ApiProperty({ type: [ChecklistItemDto] }) readonly required!: ChecklistItemDto[];
  @ApiProperty({ type: [String], enum: DOCUMENT_KIND_CODES }) readonly missing!: string[];
}

export class DocumentListDto {
  @ApiProperty({ type: [DocumentItemDto], description: 'In upload order' }) readonly items!: DocumentItemDto[];
  @ApiProperty({ type: ChecklistDto }) readonly checklist!: ChecklistDto;
}
