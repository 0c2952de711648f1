// Error bodies of the HTTP API: the Iceberg error model on /v1 and /api/v1, and the
// OAuth2 error shape on POST /v1/oauth/tokens.
import { z } from 'zod';

export const icebergErrorBody = z.object({
  error: z.object({
    message: z.string(),
    type: z.string(),
    code: z.number().int(),
  }),
});
export type IcebergErrorBody = z.infer<typeof icebergErrorBody>;

export const oauthErrorBody = z.object({
  error: z.string(),
  error_description: z.string().optional(),
});
export type OAuthErrorBody = z.infer<typeof oauthErrorBody>;
