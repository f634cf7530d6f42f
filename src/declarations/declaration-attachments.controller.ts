import { Controller, Delete, Get, HttpCode, Param, Post, Req, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { type Actor as ActorType } from '../actor/actor';
import { Actor, Roles } from '../actor/actor.decorators';
import { Role } from '../actor/role';
import { WithHeaders } from '../common/response-headers';
import { UuidPipe } from '../common/uuid.pipe';
import { AttachmentResponseDto } from '../deviations/dto/deviation-response.dto';
import { downloadOf } from '../storage/stored-file';
import { ApiFileDownload, ApiFileUpload } from '../storage/upload.decorators';
import { DeclarationAttachmentsService } from './declaration-attachments.service';

const WRITERS = [Role.Reporter, Role.Admin];

/** The declaration's own evidence (test reports, certificates), which its answers cite with a locator. */
@ApiTags('självdeklarationer')
@ApiBearerAuth()
@Controller('api/v1/declarations/:id/attachments')
export class DeclarationAttachmentsController {
  constructor(private readonly attachments: DeclarationAttachmentsService) {}

  @Get()
  @ApiOkResponse({ type: [AttachmentResponseDto] })
  @ApiOperation({ summary: 'Deklarationens egna bilagor' })
  async list(@Actor() actor: ActorType, @Param('id', UuidPipe) id: string): Promise<AttachmentResponseDto[]> {
    return (await this.attachments.list(actor, id)).map(AttachmentResponseDto.from);
  }

  @Post()
  @ApiCreatedResponse({ type: AttachmentResponseDto })
  @HttpCode(201)
  @Roles(...WRITERS)
  @ApiFileUpload()
  @ApiOperation({
    summary: 'Ladda upp underlag till deklarationen',
    description:
      'Medan deklarationen går att ändra. Strömmas; storleksgräns och filtyp (avgörs av innehållet) kontrolleras under uppladdningen.',
  })
  async upload(@Actor() actor: ActorType, @Param('id', UuidPipe) id: string, @Req() request: Request): Promise<AttachmentResponseDto> {
    return AttachmentResponseDto.from(await this.attachments.upload(actor, id, request));
  }

  @Get(':attachmentId')
  @ApiFileDownload()
  @ApiOperation({ summary: 'Hämta en bilaga till deklarationen' })
  async download(
    @Actor() actor: ActorType,
    @Param('id', UuidPipe) id: string,
    @Param('attachmentId', UuidPipe) attachmentId: string,
  ): Promise<WithHeaders<StreamableFile>> {
    const { attachment, stream } = await this.attachments.open(actor, id, attachmentId);
    return downloadOf(attachment, stream);
  }

  @Delete(':attachmentId')
  @ApiNoContentResponse()
  @HttpCode(204)
  @Roles(...WRITERS)
  @ApiOperation({ summary: 'Ta bort en bilaga som inget svar hänvisar till', description: 'Medan deklarationen går att ändra.' })
  async remove(
    @Actor() actor: ActorType,
    @Param('id', UuidPipe) id: string,
    @Param('attachmentId', UuidPipe) attachmentId: string,
  ): Promise<void> {
    await this.attachments.remove(actor, id, attachmentId);
  }
}
