import { SetMetadata } from '@nestjs/common';

export const PUBLIC_KEY = 'avvikelse:public';

/**
 * The route needs no bearer token (health, metrics, docs, the dev issuer, signed webhooks). It lives here, not with
 * the actor decorators, because such routes have no actor: health and metrics sit below the actor module.
 */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
