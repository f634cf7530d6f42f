import { Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { FileStore } from './file-store';
import { FsFileStore } from './fs-file-store';

@Module({
  providers: [{ provide: FileStore, inject: [AppConfig], useFactory: (config: AppConfig) => new FsFileStore(config.ATTACHMENTS_DIR) }],
  exports: [FileStore],
})
export class StorageModule {}
