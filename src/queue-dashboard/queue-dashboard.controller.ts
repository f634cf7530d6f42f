import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor as ActorType } from '../actor/actor';
import { Actor, Roles } from '../actor/actor.decorators';
import { Role } from '../actor/role';
import { QueueDashboardLinkDto } from './queue-dashboard-link.dto';
import { QueueDashboard } from './queue-dashboard';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('api/v1/admin/queue-dashboard')
export class QueueDashboardController {
  constructor(private readonly dashboard: QueueDashboard) {}

  @Post('links')
  @HttpCode(201)
  @Roles(Role.SkrAdmin)
  @ApiOperation({
    summary: 'En kortlivad länk till kö-översikten (SKR-administratör)',
    description: 'Länken gäller i två minuter och byts mot en sessionskaka för /admin/queues som gäller i 30 minuter.',
  })
  @ApiCreatedResponse({ type: QueueDashboardLinkDto })
  createLink(@Actor() actor: ActorType): QueueDashboardLinkDto {
    return QueueDashboardLinkDto.from(this.dashboard.link(actor.userId));
  }
}
