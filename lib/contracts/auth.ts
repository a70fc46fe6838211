import { z } from 'zod';

/** `GET /api/auth/session`: how users sign in, and whether this one is. */
export const sessionSchema = z.object({
  strategy: z.enum(['anonymous', 'token', 'header']),
  signedIn: z.boolean(),
});

/** `POST /api/auth/login`'s body: a Kubernetes bearer token. */
export const loginSchema = z.object({
  token: z
    .string()
    .trim()
    .min(1, 'paste a Kubernetes bearer token')
    .max(8192, 'a token is at most 8192 characters')
    .regex(/^[\x21-\x7e]+$/, 'a token has no spaces or control characters'),
});

export type SessionInfo = z.infer<typeof sessionSchema>;
