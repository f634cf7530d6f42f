import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor as ActorType } from '../actor/actor';
import { Actor } from '../actor/actor.decorators';
import { AuditService } from './audit.service';
import { AuditEntryResponseDto } from './dto/audit-entry-response.dto';
import { ListAuditQueryDto } from './dto/list-audit-query.dto';

@ApiTags('granskningslogg')
@ApiBearerAuth()
@Controller('api/v1/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOkResponse({ type: [AuditEntryResponseDto] })
  @ApiOperation({
    summary: 'Granskningslogg',
    description: 'SKR ser alla poster; en part ser poster om sina egna resurser, utan SKR-interna fält.',
  })
  async list(@Actor() actor: ActorType, @Query() query: ListAuditQueryDto): Promise<AuditEntryResponseDto[]> {
    return (await this.audit.list(actor, query)).map(AuditEntryResponseDto.from);
  }
}
