/**
 * Absolute URLs in answers. Every `self` is built on the base the caller used — the site
 * (`<origin>/rest/api/3`) or the gateway (`<origin>/ex/jira/<cloudId>/rest/api/3`) — as Jira does (§1).
 */
export class Links {
  /** `<root>/rest/api/3` */
  readonly api: string;

  /** @param root `<origin>` for the site, `<origin>/ex/jira/<cloudId>` for the gateway. */
  constructor(readonly root: string, readonly siteUrl: string) {
    this.api = `${root}/rest/api/3`;
  }

  issue(id: string): string {
    return `${this.api}/issue/${id}`;
  }

  comment(issueId: string, commentId: string): string {
    return `${this.api}/issue/${issueId}/comment/${commentId}`;
  }

  project(id: string): string {
    return `${this.api}/project/${id}`;
  }

  issueType(id: string): string {
    return `${this.api}/issuetype/${id}`;
  }

  status(id: string): string {
    return `${this.api}/status/${id}`;
  }

  statusCategory(id: number): string {
    return `${this.api}/statuscategory/${id}`;
  }

  user(accountId: string): string {
    return `${this.api}/user?accountId=${encodeURIComponent(accountId)}`;
  }

  customFieldOption(id: string): string {
    return `${this.api}/customFieldOption/${id}`;
  }

  /** Issue type icons live under API v2 in real answers (NANGO-T recording). */
  issueTypeIcon(avatarId: number): string {
    return `${this.root}/rest/api/2/universal_avatar/view/type/issuetype/avatar/${avatarId}?size=medium`;
  }

  projectAvatars(avatarId: number): Record<string, string> {
    const url = `${this.api}/universal_avatar/view/type/project/avatar/${avatarId}`;
    return { '48x48': url, '24x24': `${url}?size=small`, '16x16': `${url}?size=xsmall`, '32x32': `${url}?size=medium` };
  }

  /** User avatars point at the site (real ones are on a CDN); nothing fetches them in tests. */
  userAvatars(accountId: string): Record<string, string> {
    const url = `${this.siteUrl}/secure/useravatar?ownerId=${encodeURIComponent(accountId)}`;
    return { '48x48': url, '24x24': `${url}&size=small`, '16x16': `${url}&size=xsmall`, '32x32': `${url}&size=medium` };
  }
}
