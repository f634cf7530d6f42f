import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse } from '@nestjs/swagger';

/** OpenAPI for an endpoint that takes one file, streamed as multipart/form-data in a part named `file`. */
export const ApiFileUpload = () =>
  applyDecorators(
    ApiConsumes('multipart/form-data'),
    ApiBody({
      description:
        'Bilagor granskas inte efter personnummer och laddas upp till SKR:s Jira som de är: visa bara testpersoner, ' +
        'eller maskera personnummer och andra personuppgifter innan uppladdning.',
      schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] },
    }),
  );

/** OpenAPI for a download: the bytes as stored, with the content type their content was sniffed as. */
export const ApiFileDownload = () =>
  ApiOkResponse({
    description: 'Filens innehåll; Content-Type avgjordes av innehållet vid uppladdningen.',
    content: { '*/*': { schema: { type: 'string', format: 'binary' } } },
  });
