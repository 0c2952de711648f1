// Sign-in requests and answers of /api/v1 (users/login, refresh, logout, auth config).
import { z } from 'zod';

export const loginRequest = z.strictObject({
  username: z.string().min(1).max(200),
  password: z.string().min(1).max(1000),
  /** Tenant name (or id); omitted = the default tenant (or root, when the name is the root user's). */
  tenant: z.string().min(1).max(200).optional(),
});
export type LoginRequest = z.infer<typeof loginRequest>;

export const refreshRequest = z.strictObject({ refresh_token: z.string().min(1).max(500) });

export const logoutRequest = z.strictObject({
  refresh_token: z.string().min(1).max(500).optional(),
  /** Also end every other session of the caller (root: every root session). */
  everywhere: z.boolean().optional(),
});

export const logoutResponse = z.object({ logged_out: z.boolean(), sessions_ended: z.number().int().optional() });

export const principalResponse = z.object({
  kind: z.enum(['root', 'user', 'client']),
  id: z.string(),
  name: z.string(),
  role: z.enum(['root', 'tenant-admin', 'tenant-user']),
  tenant: z.object({ id: z.string(), name: z.string() }).nullable(),
  via_api_key: z.boolean(),
});
export type PrincipalResponse = z.infer<typeof principalResponse>;

export const loginResponse = z.object({
  token: z.string(),
  access_token: z.string(),
  token_type: z.literal('bearer'),
  expires_in: z.number(),
  refresh_token: z.string().optional(),
  refresh_expires_in: z.number().optional(),
  principal: principalResponse,
});
export type LoginResponse = z.infer<typeof loginResponse>;

export const authConfigResponse = z.object({
  /** "none": PANGOLIN_NO_AUTH (loopback only). */
  mode: z.enum(['required', 'none']),
  root_login: z.boolean(),
  login_path: z.string(),
});
export type AuthConfigResponse = z.infer<typeof authConfigResponse>;
