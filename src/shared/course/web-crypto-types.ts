// WebCrypto types read off the global `crypto`, which every runtime of ours has: shared code then
// type-checks under the DOM lib (page, workers, service worker) and under Node's own types (server,
// CLI, which get no DOM lib) alike, without naming either runtime's global type.

/** A WebCrypto key, as `crypto.subtle.sign` takes it. */
export type WebCryptoKey = Parameters<typeof crypto.subtle.sign>[1];

/** Bytes as WebCrypto reads them (an ArrayBuffer or a view of one). */
export type WebCryptoBytes = Parameters<typeof crypto.subtle.digest>[1];
