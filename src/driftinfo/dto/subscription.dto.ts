import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';

/** The token of a confirmation or unsubscribe link (base64url, 256 bits). */
export class SubscriptionTokenQueryDto {
  @ApiProperty()
  @Matches(/^[A-Za-z0-9_-]{43}$/, { message: 'token must be the token from the e-mail' })
  token: string;
}
