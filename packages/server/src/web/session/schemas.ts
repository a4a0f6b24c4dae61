import Type from 'typebox';

/** Who is signed in: what `GET /api/session` answers and a sign-in returns. */
export const SessionSchema = Type.Object(
  {
    user: Type.Object({ id: Type.String(), name: Type.String(), role: Type.String() }),
    workspaceId: Type.String(),
    expiresAt: Type.String({ format: 'date-time', description: 'When the session ends unless used before: 12 hours after its last use, 7 days after sign-in at most.' }),
  },
  { description: 'The signed-in session (the cookie itself is HttpOnly: scripts never see it).' },
);

export const SignInBody = Type.Object(
  { token: Type.String({ minLength: 1, maxLength: 512, description: 'A Patchbay API token (the admin token is in <data dir>/admin-token).' }) },
  { additionalProperties: false },
);

/** What the session routes need beyond the store: whether cookies must be Secure (HTTPS). */
export interface SessionOptions {
  /** True when Patchbay is served over HTTPS (PATCHBAY_PUBLIC_URL): the cookie is then Secure. */
  secure: boolean;
}
