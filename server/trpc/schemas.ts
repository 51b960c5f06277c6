import { z } from 'zod';

/** Input pieces several routers share, so the same field gets the same rules and sentences everywhere. */
export const ZEmail = z
  .string({ error: 'Enter an e-mail address.' })
  .trim()
  .toLowerCase()
  .min(1, 'Enter an e-mail address.')
  .max(254, 'An e-mail address has at most 254 characters.')
  .pipe(z.email('Enter a valid e-mail address, like name@example.com.'));
