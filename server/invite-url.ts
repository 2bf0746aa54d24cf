import { signInvite, type InviteRequest } from './auth/tokens.ts';

/** The join link of an invite: `<baseUrl>/?token=<signed token>`. */
export function inviteUrl(baseUrl: string, secret: string, invite: InviteRequest): string {
  const url = new URL(baseUrl);
  url.searchParams.set('token', signInvite(secret, invite));
  return url.toString();
}
