import { Controller, Get, NotFoundException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { JWK } from 'jose';
import { Public } from '../common/public.decorator';
import { DEV_ISSUER_PATH } from './dev-issuer';
import { TokenVerifier } from './token-verifier';

/** Discovery and JWKS of the built-in dev issuer; 404 unless AUTH_MODE=dev. */
@ApiExcludeController()
@Public()
@Controller(DEV_ISSUER_PATH.slice(1))
export class DevIssuerController {
  constructor(private readonly verifier: TokenVerifier) {}

  @Get('.well-known/openid-configuration')
  discovery(): Record<string, unknown> {
    const issuer = this.issuer().issuer;
    return { issuer, jwks_uri: `${issuer}/jwks`, id_token_signing_alg_values_supported: ['RS256'] };
  }

  @Get('jwks')
  jwks(): { keys: JWK[] } {
    return this.issuer().jwks();
  }

  private issuer() {
    if (!this.verifier.devIssuer) throw new NotFoundException();
    return this.verifier.devIssuer;
  }
}
