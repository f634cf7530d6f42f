/**
 * The Content-Security-Policy of every page: no inline script or style, scripts and styles only from this origin,
 * forms only to this origin (and, for logout and login, to the identity provider: Chromium applies form-action to
 * the redirect a form's answer makes). The API keeps helmet's headers and its downloads their sandbox policy.
 */
export function pageSecurityPolicy(formTargets: readonly string[] = []): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    // @fkui/design's CSS draws its icons from data: URIs.
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    `form-action 'self'${formTargets.map((target) => ` ${target}`).join('')}`,
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Headers of every page answer: HTML, never cached (pages show a person's data), the page policy. */
export function pageHeaders(formTargets: readonly string[] = []): Record<string, string> {
  return {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Security-Policy': pageSecurityPolicy(formTargets),
    'Referrer-Policy': 'same-origin',
  };
}
