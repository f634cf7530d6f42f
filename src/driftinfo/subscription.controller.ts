import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor as ActorType } from '../actor/actor';
import { Actor, Roles } from '../actor/actor.decorators';
import { PARTY_ROLES } from '../actor/role';
import { DriftSubscriptionResponseDto, UpdateDriftSubscriptionDto } from '../notifications/dto/drift-subscription.dto';
import { DriftSubscriptionsService } from '../notifications/drift-subscriptions.service';

/** A party user's own e-mail subscription to driftinformation. */
@ApiTags('driftinformation')
@ApiBearerAuth()
@Controller('api/v1/driftinfo/subscription')
export class SubscriptionController {
  constructor(private readonly subscriptions: DriftSubscriptionsService) {}

  @Get()
  @Roles(...PARTY_ROLES)
  @ApiOperation({ summary: 'Min prenumeration på driftinformation' })
  @ApiOkResponse({ type: DriftSubscriptionResponseDto })
  mine(@Actor() actor: ActorType): Promise<DriftSubscriptionResponseDto> {
    return this.subscriptions.mine(actor);
  }

  @Put()
  @Roles(...PARTY_ROLES)
  @ApiOperation({
    summary: 'Prenumerera på driftinformation per e-post',
    description: 'Driftstörningar och/eller planerade ändringar, för valda bastjänster eller alla. E-posten går till användarens adress.',
  })
  @ApiOkResponse({ type: DriftSubscriptionResponseDto })
  setMine(@Actor() actor: ActorType, @Body() dto: UpdateDriftSubscriptionDto): Promise<DriftSubscriptionResponseDto> {
    return this.subscriptions.setMine(actor, dto);
  }
}
