import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";

const CHROMIUM = "/usr/bin/chromium";

/** Chromium, or why it cannot start here (the tests then skip, saying so). */
export async function launchChromium(): Promise<Browser | string> {
  try {
    return await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"], timeout: 30_000 });
  } catch (error) {
    const first = (error instanceof Error ? error.message : String(error)).split("\n")[0];
    return `Chromium cannot start (${CHROMIUM}; apt-get install chromium): ${first}`;
  }
}

/**
 * A page that records what a hostile value could do: any dialog (alert) and any console error or
 * uncaught exception, such as a CSP violation.
 */
export async function watchedPage(browser: Browser): Promise<{ page: Page; incidents: string[] }> {
  const page = await browser.newPage();
  const incidents: string[] = [];
  page.on("dialog", (dialog) => {
    incidents.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on("console", (message) => {
    if (message.type() === "error") incidents.push(`console error: ${message.text()}`);
  });
  page.on("pageerror", (error) => incidents.push(`page error: ${error.message}`));
  return { page, incidents };
}

/** Where the screenshots go: a folder of their own, kept for a person to look at after the run. */
export const screenshotDir = (): string => mkdtempSync(join(tmpdir(), "booty-ui-screenshots-"));
