import { z } from 'zod';

/** Input pieces several routers share, so the same field gets the same rules and sentences everywhere. */
export const ZEmail = z
  .string({ error: 'auth:validation.emailRequired' })
  .trim()
  .toLowerCase()
  .min(1, 'auth:validation.emailRequired')
  .max(254, 'auth:validation.emailTooLong')
  .pipe(z.email('auth:validation.emailInvalid'));
