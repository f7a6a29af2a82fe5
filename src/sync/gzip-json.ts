/** Gzips a JSON body with the platform's CompressionStream (browser, service worker and Node 18+). */
export function gzipJson(value: unknown): Promise<Uint8Array<ArrayBuffer>> {
  return gzipText(JSON.stringify(value));
}

/** Gzips text as it is: a signed bundle must reach the server byte for byte as it was signed. */
export async function gzipText(text: string): Promise<Uint8Array<ArrayBuffer>> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
