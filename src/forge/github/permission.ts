import { PERMISSIONS, type Permission } from "../port.ts";

interface CollaboratorPermission {
  permission: string;
  role_name?: string;
  user?: { permissions?: Record<string, boolean | undefined> } | null;
}

/**
 * GitHub's legacy `permission` field folds maintain into write and triage into read, so the role name
 * comes first; a custom role (any other name) falls back to the strongest base permission it grants.
 */
export function toPermission(data: CollaboratorPermission): Permission {
  const role = data.role_name?.toLowerCase();
  if (role && (PERMISSIONS as readonly string[]).includes(role)) return role as Permission;
  const flags = data.user?.permissions;
  if (flags) {
    if (flags.admin) return "admin";
    if (flags.maintain) return "maintain";
    if (flags.push) return "write";
    if (flags.triage) return "triage";
    if (flags.pull) return "read";
  }
  const legacy = data.permission.toLowerCase();
  return (PERMISSIONS as readonly string[]).includes(legacy) ? (legacy as Permission) : "none";
}
