/**
 * Thrown when the phone that sent a push has already hung up before its transaction began. On PGlite
 * (one transaction at a time) fifty phones' pushes queue; a phone whose request timed out retries, and
 * storing the abandoned copy first would only push every later request further back. Nothing of the
 * abandoned push is stored; its items come again with the retry.
 */
export class ClientGone extends Error {
  constructor() {
    super('The client closed the connection before its push was stored');
  }
}
