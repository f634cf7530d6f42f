import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { problemTitles } from './problem-titles';

/** One rejected field of a problem document (`FieldError`). */
export class ProblemFieldDto {
  @ApiPropertyOptional({ description: 'JSON-pekare in i begärans kropp.', example: '/kontaktpersoner/0/epost' }) pointer?: string;
  @ApiPropertyOptional({ description: 'Den avvisade query- eller sökvägsparametern.' }) parameter?: string;
  @ApiPropertyOptional({ description: 'Det avvisade huvudet.' }) header?: string;
  @ApiProperty() detail: string;
  @ApiPropertyOptional({ example: 'isEmail' }) code?: string;
}

/** The RFC 9457 problem document every error is answered with (src/common/problem-details.filter.ts). */
export class ProblemDto {
  @ApiProperty({ example: 'https://avvikelse.ssbtek.se/problems/validation-failed' }) type: string;
  @ApiProperty({ example: 'Ogiltig begäran' }) title: string;
  @ApiProperty({ example: 400 }) status: number;
  @ApiPropertyOptional() detail?: string;
  @ApiProperty({ example: '/api/v1/deviations' }) instance: string;
  @ApiProperty({ description: 'Stabil kod att matcha på.', example: 'VALIDATION_FAILED' }) code: string;
  @ApiPropertyOptional({ type: [ProblemFieldDto] }) errors?: ProblemFieldDto[];
  @ApiProperty({ description: 'Begärans id, som i loggarna.' }) traceId: string;
  @ApiPropertyOptional({ description: 'Vid otillåten statusövergång: nuvarande status.' }) currentStatus?: string;
  @ApiPropertyOptional({ type: [String], description: 'Vid otillåten statusövergång: tillåtna nästa statusar.' })
  allowedTransitions?: string[];
  @ApiPropertyOptional({ type: [String], description: 'Vid saknad roll: roller som får utföra åtgärden.' }) requiredRoles?: string[];
  @ApiPropertyOptional({ description: 'Vid omförsök av en leverans som inte misslyckats: leveransens status.' }) deliveryStatus?: string;
  @ApiPropertyOptional({ description: 'Vid för långsam kropp: lägsta takt i byte per sekund.' }) minBytesPerSecond?: number;
  @ApiPropertyOptional({ description: 'Vid för långsam kropp: fönstret takten mäts över, i sekunder.' }) windowSeconds?: number;
}

/**
 * Documents error answers as problem documents. Statuses every operation of a kind can give (400, 401, 403, 404,
 * 413, 415, 429) are added to the document in one place (src/common/strict-openapi.ts); a handler names only the
 * ones its own rules give, e.g. `@ApiProblems(409)` for a state transition.
 */
export const ApiProblems = (...statuses: number[]) =>
  applyDecorators(ApiExtraModels(ProblemDto), ...statuses.map((status) => ApiResponse(problemResponse(status))));

export function problemResponse(status: number) {
  const titles = problemTitles(status);
  return {
    status,
    description: titles ? `${titles.sv} (${titles.en})` : `HTTP ${status}`,
    content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDto) } } },
  };
}

/** A text document answered in one media type (CSV, HTML). */
export const ApiTextResponse = (mediaType: string) => ApiOkResponse({ content: { [mediaType]: { schema: { type: 'string' } } } });
