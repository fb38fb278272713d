import type { UserState } from "../types.ts";

/** GitHub node ids are opaque base64 strings; tests only need them stable and unique. */
export function nodeId(kind: string, id: number): string {
  return Buffer.from(`0:${kind}${id}`).toString("base64").replace(/=+$/, "");
}

export function simpleUser(base: string, user: UserState) {
  const url = `${base}/users/${encodeURIComponent(user.login)}`;
  return {
    login: user.login,
    id: user.id,
    node_id: nodeId(user.type, user.id),
    avatar_url: `${base}/avatars/u/${user.id}?v=4`,
    gravatar_id: "",
    url,
    html_url: `${base}/${encodeURIComponent(user.login)}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type: user.type,
    site_admin: false,
    user_view_type: "public",
  };
}

/** `GET /users/{username}`: anyone's public profile. */
export function publicUser(base: string, user: UserState) {
  return {
    ...simpleUser(base, user),
    user_view_type: "public",
    name: user.login,
    company: null,
    blog: "",
    location: null,
    email: null,
    hireable: null,
    bio: null,
    twitter_username: null,
    public_repos: 1,
    public_gists: 0,
    followers: 0,
    following: 0,
    created_at: "2020-01-01T00:00:00Z",
    updated_at: "2020-01-01T00:00:00Z",
  };
}

/** `GET /user` for a token's owner: the public profile plus the private counters GitHub adds. */
export function privateUser(base: string, user: UserState) {
  return {
    ...publicUser(base, user),
    user_view_type: "private",
    private_gists: 0,
    total_private_repos: 0,
    owned_private_repos: 0,
    disk_usage: 0,
    collaborators: 0,
    two_factor_authentication: true,
    plan: { name: "free", space: 976562499, private_repos: 10000, collaborators: 0 },
  };
}
