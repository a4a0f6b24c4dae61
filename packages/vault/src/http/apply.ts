import type { Credentials, Fields, OutgoingRequest, AnySingleAuth } from '@patchbay/sdk';

/** Puts credentials on a request: the auth's own `apply` when declared, else the kind's default. */
export function applyCredentials(auth: AnySingleAuth, request: OutgoingRequest, credentials: Credentials | null): void {
  if (!credentials) return;
  switch (credentials.kind) {
    case 'oauth2':
    case 'oauth2ClientCredentials':
      if ((auth.kind === 'oauth2' || auth.kind === 'oauth2ClientCredentials') && auth.apply) return auth.apply(request, credentials);
      // RFC 6750 names the scheme "Bearer"; some apps answer token_type "bearer" and reject that casing.
      request.headers.set('authorization', `${/^bearer$/i.test(credentials.tokenType) ? 'Bearer' : credentials.tokenType} ${credentials.accessToken.reveal()}`);
      return;
    case 'basic':
      if (auth.kind === 'basic' && auth.apply) return auth.apply(request, credentials);
      request.headers.set(
        'authorization',
        `Basic ${Buffer.from(`${credentials.username}:${credentials.password.reveal()}`).toString('base64')}`,
      );
      return;
    case 'apiKey':
      if (auth.kind === 'apiKey' && auth.apply) return auth.apply(request, credentials);
      if (credentials.placement === 'query') request.url.searchParams.set(credentials.name, credentials.value.reveal());
      else request.headers.set(credentials.name, credentials.value.reveal());
      return;
    case 'custom':
      if (auth.kind === 'custom') auth.apply(request, credentials);
      return;
  }
}
