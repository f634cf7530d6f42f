import { Controller, Get, Header, Param, StreamableFile } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../common/public.decorator';
import { PageNotFoundError } from './pages.errors';
import { PageAssets } from './page-assets';

@ApiExcludeController()
@Public()
@Controller('assets')
export class AssetsController {
  constructor(private readonly assets: PageAssets) {}

  /** A hashed asset never changes, so browsers keep it for a year. */
  @Get(':name')
  @Header('Cache-Control', 'public, max-age=31536000, immutable')
  @Header('X-Content-Type-Options', 'nosniff')
  asset(@Param('name') name: string): StreamableFile {
    const asset = this.assets.find(name);
    if (!asset) throw new PageNotFoundError();
    return new StreamableFile(asset.content, { type: asset.contentType, length: asset.content.length });
  }
}
