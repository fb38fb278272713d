export { type GitHubAuth, INSTALLATION_PERMISSIONS } from "./credentials.ts";
export { createGitHubForge, type GitHubForgeOptions } from "./github-forge.ts";
export { resolvePrivateKey } from "./private-key.ts";
