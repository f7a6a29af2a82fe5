import { secureHeaders } from 'hono/secure-headers';

/**
 * A strict Content-Security-Policy: only our own scripts, no inline script, no plugins, no framing.
 * Lesson text is never parsed as HTML (markdown-tokens-to-dom.ts); the CSP still stops anything
 * that got into the page some other way from running.
 */
export const securityHeaders = () =>
  secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:', 'blob:'],
      mediaSrc: ["'self'", 'blob:'],
      fontSrc: ["'self'"],
      // The kecamatan hub (docs/hub.md): at the office the app calls the hub, whose LAN address only
      // the phone knows. Scripts stay our own, and a hub can forge nothing (bundles and courses are
      // signed), so any origin may be connected to; what each answer may do is checked by the app.
      connectSrc: ["'self'", 'http:', 'https:'],
      workerSrc: ["'self'"],
      manifestSrc: ["'self'"],
      frameSrc: ["'self'", 'blob:'],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'self'"],
    },
    crossOriginEmbedderPolicy: false,
    crossOriginResourcePolicy: 'same-origin',
  });
