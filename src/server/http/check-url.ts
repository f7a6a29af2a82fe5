import { createMiddleware } from 'hono/factory';
import { apiError } from './api-error';
import type { AppEnv } from './app-env';
import { isBadText } from './bad-text';

/** Decodes one URL component as the router and the query reader do; null when it is not valid UTF-8 percent-encoding. */
function decode(component: string, plusIsSpace: boolean): string | null {
  try {
    return decodeURIComponent(plusIsSpace ? component.replaceAll('+', ' ') : component);
  } catch {
    return null;
  }
}

/**
 * Refuses, before any route runs, a URL whose path or query is malformed percent-encoding (`/%`,
 * `/%E0%A4%A`: 400 malformed_url) or decodes to a NUL or a lone surrogate (400 invalid_text). Every
 * path parameter and query value — a course id, a search text — is then safe to use as text, once
 * for all routes and the static files.
 */
export function checkUrl() {
  return createMiddleware<AppEnv>(async (c, next) => {
    const url = new URL(c.req.url);
    const parts: Array<[string, boolean]> = [[url.pathname, false]];
    for (const pair of url.search.slice(1).split('&')) {
      for (const half of pair.split('=')) parts.push([half, true]);
    }
    for (const [raw, plusIsSpace] of parts) {
      const text = decode(raw, plusIsSpace);
      if (text === null) return apiError(c, 400, 'malformed_url', 'The URL holds malformed percent-encoding');
      if (isBadText(text)) {
        return apiError(c, 400, 'invalid_text', 'The URL holds a NUL character or half of a UTF-16 surrogate pair');
      }
    }
    await next();
  });
}
