export { createGitHubForge, type GitHubAuth, type GitHubForgeOptions, resolvePrivateKey } from "./github/index.ts";
export { commentMarker, withMarker } from "./marker.ts";
export * from "./port.ts";
