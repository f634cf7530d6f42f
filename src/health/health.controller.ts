import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { ApiProblems } from '../common/api-responses';
import { Public } from '../common/public.decorator';
import { RedisHealthIndicator } from './redis.health';

/** Each dependency's state as @nestjs/terminus reports it; a failing one makes the answer a 503 problem document. */
const INDICATORS = {
  type: 'object',
  additionalProperties: {
    type: 'object',
    properties: { status: { type: 'string', enum: ['up', 'down'] }, message: { type: 'string' }, responseTime: { type: 'number' } },
    required: ['status'],
    additionalProperties: false,
  },
};
const READY = {
  type: 'object',
  properties: { status: { type: 'string', enum: ['ok'] }, info: INDICATORS, error: INDICATORS, details: INDICATORS },
  required: ['status', 'info', 'error', 'details'],
  additionalProperties: false,
};

@ApiTags('drift')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly redis: RedisHealthIndicator,
  ) {}

  @Get('live')
  @ApiOkResponse({
    schema: { type: 'object', properties: { status: { type: 'string', enum: ['ok'] } }, required: ['status'], additionalProperties: false },
  })
  @ApiOperation({ summary: 'Processen lever' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @ApiOkResponse({ schema: READY })
  @ApiProblems(503)
  @ApiOperation({ summary: 'Redo att ta emot trafik: PostgreSQL och Redis svarar' })
  ready(): Promise<HealthCheckResult> {
    return this.health.check([() => this.database.pingCheck('postgres', { timeout: 2000 }), () => this.redis.isHealthy('redis')]);
  }
}
