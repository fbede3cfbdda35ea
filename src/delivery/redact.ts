/**
 * Keeps the GitHub token out of everything the tool prints. Delivery errors come from git's stderr, Octokit and
 * our own messages; every one of them passes through a Redactor before it leaves `src/delivery/`.
 */

export type Redactor = (text: string) => string;

export const REDACTED = "***";

/** The shortest text treated as the token (options.ts refuses shorter tokens anyway). */
const MIN_SECRET = 8;

/** The user name GitHub expects with a token in HTTP Basic auth, as actions/checkout sends it. */
export const TOKEN_USER = "x-access-token";

/** The `Authorization` value git sends: Basic with the token as password, which GitHub and GHES accept for git. */
export function basicAuthorization(token: string): string {
  return `Basic ${Buffer.from(`${TOKEN_USER}:${token}`).toString("base64")}`;
}

/**
 * Every form in which the token could appear in text: as is, inside the Basic credential git sends, and
 * percent-encoded (as it would be inside a URL).
 */
export function secretForms(token: string): string[] {
  token = token.trim();
  // Replacing every occurrence of a short string garbles messages and hides nothing: a real token is far longer.
  if (token.length < MIN_SECRET) return [];
  const forms = [token, basicAuthorization(token).slice("Basic ".length), encodeURIComponent(token)];
  return [...new Set(forms)].sort((a, b) => b.length - a.length);
}

/**
 * Shapes of GitHub credentials (classic, fine-grained, OAuth, app tokens) and Authorization header values, scrubbed
 * even when they are not the token we were given: a token read from a user's git config must not be printed either.
 */
const TOKEN_SHAPES = /\b(?:gh[pousr]_[A-Za-z0-9]{16,}|github_pat_[A-Za-z0-9_]{20,})\b/g;
const AUTH_HEADER = /\b(authorization:\s*)(?:(?:basic|bearer|token)\s+)?[^\s"']+/gi;
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@:]+(?::[^\s/@]*)?@/gi;

export function createRedactor(token: string | undefined): Redactor {
  const forms = token ? secretForms(token) : [];
  return (text: string) => {
    let result = text;
    for (const form of forms) result = result.split(form).join(REDACTED);
    return result
      .replace(TOKEN_SHAPES, REDACTED)
      .replace(AUTH_HEADER, `$1${REDACTED}`)
      .replace(URL_CREDENTIALS, `$1${REDACTED}@`);
  };
}

/** An error's message (never its stack, which can quote request options), redacted. */
export function redactedMessage(error: unknown, redact: Redactor): string {
  const message = error instanceof Error ? error.message : String(error);
  return redact(message.trim());
}
