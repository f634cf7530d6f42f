import { Body, Controller, Get, HttpCode, Param, Post, Req, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { type Actor as ActorType } from '../actor/actor';
import { Actor, Roles } from '../actor/actor.decorators';
import { Role } from '../actor/role';
import { ApiIdempotencyKey, IdempotencyKey, replayable } from '../common/idempotency-key';
import { WithHeaders } from '../common/response-headers';
import { UuidPipe } from '../common/uuid.pipe';
import { downloadOf } from '../storage/stored-file';
import { ApiFileDownload, ApiFileUpload } from '../storage/upload.decorators';
import { DeviationAttachmentsService } from './deviation-attachments.service';
import { DeviationCommentsService } from './deviation-comments.service';
import { AttachmentResponseDto, CommentResponseDto } from './dto/deviation-response.dto';
import { CreateCommentDto } from './dto/lifecycle.dto';

const WRITERS = [Role.Reporter, Role.Admin, Role.Skr, Role.SkrAdmin];

/** Comments and evidence attachments of a deviation. */
@ApiTags('avvikelser')
@ApiBearerAuth()
@Controller('api/v1/deviations/:id')
export class DeviationEvidenceController {
  constructor(
    private readonly comments: DeviationCommentsService,
    private readonly attachments: DeviationAttachmentsService,
  ) {}

  @Get('comments')
  @ApiOkResponse({ type: [CommentResponseDto] })
  @ApiOperation({ summary: 'Kommentarer', description: 'Parten ser publika kommentarer; SKR ser även interna anteckningar.' })
  async listComments(@Actor() actor: ActorType, @Param('id', UuidPipe) id: string): Promise<CommentResponseDto[]> {
    return (await this.comments.list(actor, id)).map(CommentResponseDto.from);
  }

  @Post('comments')
  @ApiCreatedResponse({ type: CommentResponseDto })
  @HttpCode(201)
  @Roles(...WRITERS)
  @ApiIdempotencyKey('en andra kommentar')
  @ApiOperation({
    summary: 'Lägg till en kommentar',
    description: 'SKR kan skriva interna anteckningar (`internal: true`) som parten aldrig ser.',
  })
  async addComment(
    @Actor() actor: ActorType,
    @Param('id', UuidPipe) id: string,
    @Body() dto: CreateCommentDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
  ): Promise<WithHeaders<CommentResponseDto>> {
    const { comment, replayed } = await this.comments.add(actor, id, dto, idempotencyKey);
    return replayable(CommentResponseDto.from(comment), replayed);
  }

  @Get('attachments')
  @ApiOkResponse({ type: [AttachmentResponseDto] })
  @ApiOperation({ summary: 'Bilagor' })
  async listAttachments(@Actor() actor: ActorType, @Param('id', UuidPipe) id: string): Promise<AttachmentResponseDto[]> {
    return (await this.attachments.list(actor, id)).map(AttachmentResponseDto.from);
  }

  @Post('attachments')
  @ApiCreatedResponse({ type: AttachmentResponseDto })
  @HttpCode(201)
  @Roles(...WRITERS)
  @ApiFileUpload()
  @ApiOperation({
    summary: 'Ladda upp en bilaga (skärmbild, logg, HAR …)',
    description: 'Strömmas till lagringen; storleksgräns och filtyp (avgörs av innehållet) kontrolleras under uppladdningen.',
  })
  async upload(@Actor() actor: ActorType, @Param('id', UuidPipe) id: string, @Req() request: Request): Promise<AttachmentResponseDto> {
    return AttachmentResponseDto.from(await this.attachments.upload(actor, id, request));
  }

  @Get('attachments/:attachmentId')
  @ApiFileDownload()
  @ApiOperation({ summary: 'Hämta en bilaga' })
  async download(
    @Actor() actor: ActorType,
    @Param('id', UuidPipe) id: string,
    @Param('attachmentId', UuidPipe) attachmentId: string,
  ): Promise<WithHeaders<StreamableFile>> {
    const { attachment, stream } = await this.attachments.open(actor, id, attachmentId);
    return downloadOf(attachment, stream);
  }
}
