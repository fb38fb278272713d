import type {
  AppState,
  InstallationState,
  RepoState,
  RequestLogEntry,
  TokenPermissions,
  TokenState,
  UserState,
} from "./types.ts";

/** Everything one emulator knows. Keys of the maps are lower case, as GitHub treats names. */
export class EmulatorStore {
  readonly repos = new Map<string, RepoState>();
  readonly users = new Map<string, UserState>();
  readonly tokens = new Map<string, TokenState>();
  readonly installations = new Map<number, InstallationState>();
  readonly requests: RequestLogEntry[] = [];
  readonly app: AppState;
  readonly root: string;
  readonly now: () => number;
  readonly tokenTtlMs: number;
  private lastId = 1000;

  constructor(opts: {
    root: string;
    now: () => number;
    tokenTtlMs: number;
    app: Omit<AppState, "bot" | "owner"> & { ownerLogin: string };
  }) {
    this.root = opts.root;
    this.now = opts.now;
    this.tokenTtlMs = opts.tokenTtlMs;
    const { ownerLogin, ...app } = opts.app;
    this.app = { ...app, owner: this.user(ownerLogin), bot: this.user(`${app.slug}[bot]`, "Bot") };
  }

  nextId(): number {
    this.lastId += 1;
    return this.lastId;
  }

  /** GitHub timestamps: ISO 8601 in UTC, whole seconds. */
  stamp(): string {
    return new Date(this.now()).toISOString().replace(/\.\d{3}Z$/, "Z");
  }

  /** A user by login, made on first use; logins ending in `[bot]` are bot accounts, as on GitHub. */
  user(login: string, type: UserState["type"] = login.endsWith("[bot]") ? "Bot" : "User"): UserState {
    const key = login.toLowerCase();
    let user = this.users.get(key);
    if (!user) {
      user = { id: this.nextId(), login, type };
      this.users.set(key, user);
    }
    return user;
  }

  repo(owner: string, name: string): RepoState | undefined {
    return this.repos.get(`${owner}/${name}`.toLowerCase());
  }

  mintToken(opts: {
    prefix: "ghs" | "ghp";
    user: UserState;
    repos?: string[] | undefined;
    permissions?: TokenPermissions | undefined;
    ttlMs?: number | undefined;
    installationId?: number;
  }): TokenState {
    const random = Array.from(crypto.getRandomValues(new Uint8Array(36)), (byte) =>
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".charAt(byte % 62),
    ).join("");
    const state: TokenState = {
      token: `${opts.prefix}_${random}`,
      user: opts.user,
      repos: opts.repos ? new Set(opts.repos.map((name) => name.toLowerCase())) : undefined,
      permissions: opts.permissions,
      expiresAt: this.now() + (opts.ttlMs ?? this.tokenTtlMs),
      ...(opts.installationId === undefined ? {} : { installationId: opts.installationId }),
    };
    this.tokens.set(state.token, state);
    return state;
  }

  /** The token behind a credential, when it exists and has not expired. */
  validToken(credential: string | undefined): TokenState | undefined {
    const token = credential === undefined ? undefined : this.tokens.get(credential);
    return token && token.expiresAt > this.now() ? token : undefined;
  }
}

/** `access` is e.g. "issues:write"; tokens without a permission list (personal tokens) may do anything. */
export function tokenAllows(token: TokenState, access: string): boolean {
  if (!token.permissions) return true;
  const [scope, level] = access.split(":");
  const granted = token.permissions[scope ?? ""];
  return granted === "write" || (granted === "read" && level === "read");
}

export function tokenReaches(token: TokenState, repo: RepoState): boolean {
  return token.repos === undefined || token.repos.has(`${repo.owner.login}/${repo.name}`.toLowerCase());
}
