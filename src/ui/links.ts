/** Links to the forge, built only from names shaped as GitHub's are (a stored name is not trusted). */
const REPO = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

export function issueUrl(web: string, repo: string, issue: number): string | null {
  return REPO.test(repo) && Number.isInteger(issue) && issue > 0 ? `${web}/${repo}/issues/${issue}` : null;
}

/** `booty run` without --issue-number records issue 0: no issue at all. */
export const issueLabel = (issue: number): string => (issue > 0 ? `#${issue}` : "none");

/** Where issues are seen in a browser: github.com, or a GitHub Enterprise server's own address. */
export function forgeWebUrl(apiUrl: string): string {
  return apiUrl.replace(/^https:\/\/api\.github\.com$/, "https://github.com").replace(/\/api\/v3$/, "");
}
