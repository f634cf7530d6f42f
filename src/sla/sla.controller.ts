import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor as ActorType } from '../actor/actor';
import { Actor } from '../actor/actor.decorators';
import { ApiProblems } from '../common/api-responses';
import { UuidPipe } from '../common/uuid.pipe';
import { SlaResponseDto } from './dto/sla-response.dto';
import { SlaService } from './sla.service';

@ApiTags('avvikelser')
@ApiBearerAuth()
@Controller('api/v1/deviations')
export class SlaController {
  constructor(private readonly sla: SlaService) {}

  @Get(':id/sla')
  @ApiOkResponse({ type: SlaResponseDto })
  @ApiProblems(409)
  @ApiOperation({
    summary: 'SLA-klockor för en avvikelse',
    description: 'Responstid och åtgärdstid i avtalets supporttid, pauser borträknade.',
  })
  async get(@Actor() actor: ActorType, @Param('id', UuidPipe) id: string): Promise<SlaResponseDto> {
    return SlaResponseDto.from(id, await this.sla.clocksOf(actor, id));
  }
}
