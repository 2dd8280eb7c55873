import { z } from 'zod';
import { TLS_MODES } from '@/lib/placement/servers/server-urls';

// Shared by the servers form (client) and registerDatabaseServer (server), which parses again.

const ownerUrlSchema = z
  .string()
  .trim()
  .min(1, 'Enter the owner connection URL.')
  .max(2000, 'Keep the URL to 2,000 characters or fewer.')
  .refine((value) => URL.canParse(value), 'Enter a URL such as postgres://owner:password@db2.internal:5432/postgres.')
  .refine((value) => !URL.canParse(value) || ['postgres:', 'postgresql:'].includes(new URL(value).protocol), 'The URL must start with postgres://.')
  .refine(
    (value) => !URL.canParse(value) || (new URL(value).hostname !== '' && new URL(value).username !== ''),
    'The URL must name a host and the owner role.',
  );

/** A server as a platform admin registers it. */
export const databaseServerInputSchema = z
  .object({
    name: z.string().trim().min(1, 'Enter a name.').max(64, 'Keep the name to 64 characters or fewer.'),
    ownerUrl: ownerUrlSchema,
    tlsMode: z.enum(TLS_MODES, { error: 'Choose disable, require or verify-full.' }),
    region: z.string().trim().max(64, 'Keep the region to 64 characters or fewer.'),
    capacityNotes: z.string().trim().max(500, 'Keep the notes to 500 characters or fewer.'),
  })
  .strict();

export type DatabaseServerInput = z.infer<typeof databaseServerInputSchema>;
