import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor as ActorType } from '../actor/actor';
import { Actor, Roles } from '../actor/actor.decorators';
import { Role } from '../actor/role';
import { UuidPipe } from '../common/uuid.pipe';
import { TemplateResponseDto, TemplateSummaryDto } from './dto/template.dto';
import { TemplatesService } from './templates.service';

@ApiTags('självdeklarationsmallar')
@ApiBearerAuth()
@Controller('api/v1/declaration-templates')
export class TemplatesController {
  constructor(private readonly templates: TemplatesService) {}

  @Get()
  @ApiOkResponse({ type: [TemplateSummaryDto] })
  @ApiOperation({ summary: 'Lista mallar', description: 'Parter ser publicerade mallar; SKR ser alla versioner.' })
  async list(@Actor() actor: ActorType): Promise<TemplateSummaryDto[]> {
    return (await this.templates.list(actor)).map(TemplateSummaryDto.from);
  }

  @Get(':id')
  @ApiOkResponse({ type: TemplateResponseDto })
  @ApiOperation({ summary: 'Hämta en mall med avsnitt, delavsnitt och frågor' })
  async get(@Actor() actor: ActorType, @Param('id', UuidPipe) id: string): Promise<TemplateResponseDto> {
    return TemplateResponseDto.from(await this.templates.get(actor, id));
  }

  @Post()
  @ApiCreatedResponse({ type: TemplateResponseDto })
  @HttpCode(201)
  @Roles(Role.SkrAdmin)
  @ApiConsumes('application/json', 'application/yaml')
  @ApiBody({ description: 'Ett malldokument (JSON eller YAML) enligt mallschemat; skapas som utkast.', schema: { type: 'object' } })
  @ApiOperation({ summary: 'Importera en ny mallversion (SKR-admin)' })
  async import(@Actor() actor: ActorType, @Body() body: unknown): Promise<TemplateResponseDto> {
    return TemplateResponseDto.from(await this.templates.import(actor, body));
  }

  @Post(':id/publish')
  @ApiCreatedResponse({ type: TemplateSummaryDto })
  @Roles(Role.SkrAdmin)
  @ApiOperation({ summary: 'Publicera ett utkast (SKR-admin); därefter kan versionen inte ändras' })
  async publish(@Actor() actor: ActorType, @Param('id', UuidPipe) id: string): Promise<TemplateSummaryDto> {
    return TemplateSummaryDto.from(await this.templates.publish(actor, id));
  }

  @Post(':id/withdraw')
  @ApiCreatedResponse({ type: TemplateSummaryDto })
  @Roles(Role.SkrAdmin)
  @ApiOperation({ summary: 'Dra tillbaka en publicerad version (SKR-admin); påbörjade deklarationer behåller den' })
  async withdraw(@Actor() actor: ActorType, @Param('id', UuidPipe) id: string): Promise<TemplateSummaryDto> {
    return TemplateSummaryDto.from(await this.templates.withdraw(actor, id));
  }
}
