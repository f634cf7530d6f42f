import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { FileStore } from './file-store';

/** A partial upload this old is abandoned: an upload in progress touches its file with every chunk it writes. */
export const ABANDONED_UPLOAD_AGE_MS = 60 * 60 * 1000;
const SWEEP_EVERY_MS = 15 * 60 * 1000;

/**
 * Removes the partial files of uploads whose process died mid-way (kill -9, OOM): at start-up and every 15 minutes, so
 * a store shared by several processes is swept even when none restarts. A live upload is never an hour without a write.
 */
@Injectable()
export class AbandonedUploadSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AbandonedUploadSweeper.name);
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly files: FileStore) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.sweep();
    this.timer = setInterval(() => void this.sweep(), SWEEP_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async sweep(): Promise<number> {
    try {
      const removed = await this.files.sweepAbandoned(ABANDONED_UPLOAD_AGE_MS);
      if (removed > 0) this.logger.warn({ removed }, 'abandoned partial uploads removed');
      return removed;
    } catch (error) {
      this.logger.warn({ err: error }, 'sweep of partial uploads failed');
      return 0;
    }
  }
}
