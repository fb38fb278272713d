import type { AppState, InstallationState, RepoPermission, UserState } from "../types.ts";
import { nodeId, simpleUser } from "./users.ts";

const EVENTS = ["issues", "issue_comment", "pull_request"];
const STAMP = "2024-01-01T00:00:00Z";

export function appObject(base: string, app: AppState, permissions: Record<string, string>) {
  return {
    id: app.id,
    slug: app.slug,
    node_id: nodeId("Integration", app.id),
    client_id: `Iv1.${app.id.toString(16).padStart(16, "0")}`,
    owner: simpleUser(base, app.owner),
    name: app.name,
    description: "GitHub App served by the booty test emulator",
    external_url: base,
    html_url: `${base}/apps/${app.slug}`,
    created_at: STAMP,
    updated_at: STAMP,
    permissions,
    events: EVENTS,
    installations_count: 1,
  };
}

export function installationObject(base: string, app: AppState, installation: InstallationState) {
  return {
    id: installation.id,
    account: simpleUser(base, installation.account),
    repository_selection: installation.repos === "all" ? "all" : "selected",
    access_tokens_url: `${base}/app/installations/${installation.id}/access_tokens`,
    repositories_url: `${base}/installation/repositories`,
    html_url: `${base}/settings/installations/${installation.id}`,
    app_id: app.id,
    app_slug: app.slug,
    client_id: `Iv1.${app.id.toString(16).padStart(16, "0")}`,
    target_id: installation.account.id,
    target_type: installation.account.type === "Organization" ? "Organization" : "User",
    permissions: installation.permissions,
    events: EVENTS,
    single_file_name: null,
    has_multiple_single_files: false,
    single_file_paths: [],
    created_at: installation.createdAt,
    updated_at: installation.createdAt,
    suspended_by: null,
    suspended_at: null,
  };
}

/** GitHub keeps the legacy permission field for old clients: maintain reads as write, triage as read. */
const LEGACY: Record<RepoPermission, string> = {
  admin: "admin",
  maintain: "write",
  write: "write",
  triage: "read",
  read: "read",
  none: "none",
};

export function collaboratorPermissionObject(base: string, user: UserState, permission: RepoPermission) {
  const rank = ["none", "read", "triage", "write", "maintain", "admin"].indexOf(permission);
  return {
    permission: LEGACY[permission],
    role_name: permission === "none" ? "" : permission,
    user: {
      ...simpleUser(base, user),
      permissions: {
        pull: rank >= 1,
        triage: rank >= 2,
        push: rank >= 3,
        maintain: rank >= 4,
        admin: rank >= 5,
      },
      role_name: permission === "none" ? "" : permission,
    },
  };
}
