import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor as ActorType } from '../actor/actor';
import { Actor, Roles } from '../actor/actor.decorators';
import { Role } from '../actor/role';
import { CreateErasureDto, ErasureResponseDto } from './dto/erasure.dto';
import { ErasureService } from './erasure.service';

@ApiTags('personuppgifter')
@ApiBearerAuth()
@Controller('api/v1/erasures')
export class ErasureController {
  constructor(private readonly erasures: ErasureService) {}

  @Post()
  @HttpCode(201)
  @Roles(Role.SkrAdmin)
  @ApiOperation({
    summary: 'Radera en kontaktperson på begäran (SKR-administratör)',
    description:
      'Ersätter personens namn, telefon och e-post med en pseudonym överallt där tjänsten förvarar dem: avvikelsernas ' +
      'kontaktuppgifter, notiser, granskningsloggen, webhook- och Jira-kopior. Ännu inte skickade e-postmeddelanden till ' +
      'personen stoppas, och Jira-ärendets beskrivning skrivs om av synken.',
  })
  @ApiCreatedResponse({ type: ErasureResponseDto })
  erase(@Actor() actor: ActorType, @Body() dto: CreateErasureDto): Promise<ErasureResponseDto> {
    return this.erasures.erase(actor, dto);
  }
}
