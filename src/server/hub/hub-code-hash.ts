import { scrypt as scryptCb } from 'node:crypto';

// N=2^10, r=8 (1 MB; 9 ms measured on the shared two-core test machine under load): a hub pays
// it once per redemption and the national server once per code and hub (cached in
// `hub_code_hashes`), but a guesser pays it for each of the 2^50 codes, per hub: by our estimate
// decades on a graphics card, not the day a plain SHA-256 takes.
const PARAMS = { N: 1024, r: 8, p: 1, maxmem: 32 * 1024 * 1024 };

/**
 * What a hub's mirror holds for an enrolment code instead of the national `code_hash` (its plain
 * SHA-256): scrypt of that SHA-256, salted with the hub's id. A plain SHA-256 of a 50-bit code is
 * cracked on one graphics card in about a day; this one is not, and a table built for one hub is of
 * no use at another. Both sides can compute it: the national server from its `code_hash`, the hub
 * from the code the phone typed (hashed as `hashToken` does).
 * @example await hubCodeHash(hashToken('ABCDE12345'), hubId)
 */
export function hubCodeHash(codeSha256: string, hubId: string): Promise<string> {
  return new Promise((resolve, reject) =>
    scryptCb(codeSha256, `lentera-hub-code:${hubId}`, 32, PARAMS, (err, key) =>
      err ? reject(err) : resolve(key.toString('hex')),
    ),
  );
}
