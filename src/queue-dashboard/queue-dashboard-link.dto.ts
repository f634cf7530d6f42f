import { ApiProperty } from '@nestjs/swagger';

/** A link to the queue dashboard: open it in a browser before it expires. */
export class QueueDashboardLinkDto {
  @ApiProperty({ example: 'https://avvikelse.example/admin/queues/?ticket=eyJ…' })
  url: string;

  @ApiProperty({ format: 'date-time' })
  expiresAt: string;

  static from(link: { url: string; expiresAt: Date }): QueueDashboardLinkDto {
    return Object.assign(new QueueDashboardLinkDto(), { url: link.url, expiresAt: link.expiresAt.toISOString() });
  }
}
