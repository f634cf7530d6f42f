import { Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { FileStore } from './file-store';
import { FsFileStore } from './fs-file-store';
import type * as S3Store from './s3-file-store';
import { UploadReceiver } from './upload-receiver';
import { AbandonedUploadSweeper } from './abandoned-upload-sweeper';

function fileStore(config: AppConfig): FileStore {
  if (config.STORAGE_DRIVER === 'fs') return new FsFileStore(config.ATTACHMENTS_DIR);
  // Required here, not imported: the AWS SDK costs ~4 MB of heap in every process that stores on disk.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only for the S3 driver
  const { S3FileStore } = require('./s3-file-store') as typeof S3Store;
  return new S3FileStore({
    endpoint: config.S3_ENDPOINT,
    region: config.S3_REGION,
    bucket: config.S3_BUCKET,
    accessKeyId: config.S3_ACCESS_KEY_ID,
    secretAccessKey: config.S3_SECRET_ACCESS_KEY,
    forcePathStyle: config.S3_FORCE_PATH_STYLE,
  });
}

@Module({
  providers: [{ provide: FileStore, inject: [AppConfig], useFactory: fileStore }, UploadReceiver, AbandonedUploadSweeper],
  exports: [FileStore, UploadReceiver],
})
export class StorageModule {}
