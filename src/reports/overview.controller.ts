import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor as ActorType } from '../actor/actor';
import { Actor } from '../actor/actor.decorators';
import { OverviewResponseDto } from './dto/overview.dto';
import { OverviewService } from './overview.service';

@ApiTags('rapporter')
@ApiBearerAuth()
@Controller('api/v1/overview')
export class OverviewController {
  constructor(private readonly overviews: OverviewService) {}

  @Get()
  @ApiOkResponse({ type: OverviewResponseDto })
  @ApiOperation({ summary: 'Statusöversikt per part', description: 'SKR ser alla parter, en part bara sig själv.' })
  overview(@Actor() actor: ActorType): Promise<OverviewResponseDto> {
    return this.overviews.overview(actor);
  }
}
