import { ApiProperty } from '@nestjs/swagger';
import type { PartyMailFlags } from '../mail-flags.service';

export class PartyMailFlagsDto {
  @ApiProperty({ format: 'uuid' }) partyId: string;
  @ApiProperty() partyName: string;
  @ApiProperty({ type: [String], description: 'Partens registrerade e-postdomäner.' }) emailDomains: string[];
  @ApiProperty({ description: 'Aktiva användare med e-postadress.' }) membersWithEmail: number;
  @ApiProperty({
    description:
      'Ingen bekräftad mottagare (inga användare med adress, inga domäner): partens beslut räknas som återrapporterade när de når flödet.',
  })
  noConfirmedRecipient: boolean;
  @ApiProperty({ description: 'Leveranser till obekräftade kontaktadresser som hållits tillbaka (`ej_bekräftad`) senaste 30 dagarna.' })
  heldBack: number;
  @ApiProperty({ description: 'E-post som taktgränserna skjutit upp senaste dygnet.' }) deferred: number;
}

export class MailFlagsResponseDto {
  @ApiProperty({ type: [PartyMailFlagsDto] }) items: PartyMailFlagsDto[];

  static from(flags: PartyMailFlags[]): MailFlagsResponseDto {
    return { items: flags.map((f) => Object.assign(new PartyMailFlagsDto(), f)) };
  }
}
