import { to15 } from '../ids.ts';
import type { Org } from '../org.ts';
import { identityUrl } from './token-response.ts';

/** When the demo user's profile last changed: fixed, so answers are deterministic. */
const PROFILE_UPDATED = '2024-01-15T09:30:00Z';

/**
 * The `urls` block of identity and userinfo (§7). They keep the literal `{version}` placeholder
 * unless the caller asked for `?version=`.
 */
function identityUrls(origin: string, org: Org, version: string | undefined) {
  const v = version ?? '{version}';
  const org15 = to15(org.orgId);
  const data = `${origin}/services/data/v${v}`;
  return {
    enterprise: `${origin}/services/Soap/c/${v}/${org15}`,
    metadata: `${origin}/services/Soap/m/${v}/${org15}`,
    partner: `${origin}/services/Soap/u/${v}/${org15}`,
    rest: `${data}/`,
    sobjects: `${data}/sobjects/`,
    search: `${data}/search/`,
    query: `${data}/query/`,
    recent: `${data}/recent/`,
    tooling_soap: `${origin}/services/Soap/T/${v}/${org15}`,
    tooling_rest: `${data}/tooling/`,
    profile: `${origin}/${to15(org.userId)}`,
    feeds: `${data}/chatter/feeds`,
    groups: `${data}/chatter/groups`,
    users: `${data}/chatter/users`,
    feed_items: `${data}/chatter/feed-items`,
    feed_elements: `${data}/chatter/feed-elements`,
    custom_domain: origin,
  };
}

function photos(origin: string) {
  return { picture: `${origin}/profilephoto/005/F`, thumbnail: `${origin}/profilephoto/005/T` };
}

/** `GET <identity URL>` (§7, keys per the Mobile SDK's recorded body [F1]). */
export function identityBody(origin: string, org: Org, version: string | undefined) {
  const { user } = org;
  return {
    id: identityUrl(origin, org),
    asserted_user: true,
    user_id: org.userId,
    organization_id: org.orgId,
    username: user.username,
    nick_name: user.username.split('@')[0],
    display_name: `${user.firstName} ${user.lastName}`,
    email: user.email,
    email_verified: true,
    first_name: user.firstName,
    last_name: user.lastName,
    timezone: user.timeZone,
    photos: photos(origin),
    addr_street: null,
    addr_city: null,
    addr_state: null,
    addr_country: null,
    addr_zip: null,
    mobile_phone: null,
    mobile_phone_verified: false,
    is_lightning_login_user: false,
    status: { created_date: null, body: null },
    urls: identityUrls(origin, org, version),
    active: true,
    user_type: 'STANDARD',
    language: 'en_US',
    locale: 'en_US',
    utcOffset: 0,
    last_modified_date: PROFILE_UPDATED.replace('Z', '.000+0000'),
    is_app_installed: true,
  };
}

/** `GET /services/oauth2/userinfo` (§7, OpenID Connect claims plus Salesforce's own). */
export function userInfoBody(origin: string, org: Org) {
  const { user } = org;
  return {
    sub: identityUrl(origin, org),
    user_id: org.userId,
    organization_id: org.orgId,
    preferred_username: user.username,
    nickname: user.username.split('@')[0],
    name: `${user.firstName} ${user.lastName}`,
    email: user.email,
    email_verified: true,
    given_name: user.firstName,
    family_name: user.lastName,
    zoneinfo: user.timeZone,
    photos: photos(origin),
    profile: `${origin}/${to15(org.userId)}`,
    picture: photos(origin).picture,
    address: {},
    is_salesforce_integration_user: false,
    urls: identityUrls(origin, org, undefined),
    active: true,
    user_type: 'STANDARD',
    language: 'en_US',
    locale: 'en_US',
    utcOffset: 0,
    updated_at: PROFILE_UPDATED,
    is_app_installed: true,
  };
}
