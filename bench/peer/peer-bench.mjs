// The comparison peer of `npm run bench`: the offline-first stack a team would most likely pick
// instead of Lentera's own sync, PouchDB (LevelDB on the "phone") replicating to a CouchDB-protocol
// server (express-pouchdb on PouchDB, LevelDB), over loopback through a relay that counts every
// byte both ways. One document per finished attempt, its answers inline.
//
// Usage: node bench/peer/peer-bench.mjs <attempts.json>   (a JSON array of { attempt, answers })
// Prints one JSON line: { attempts, push: {ms, bytesUp, bytesDown, requests}, replay: {…} }.
// Push = the first replication of every document; replay = the same documents replicated again
// from the same phone without its checkpoint (what a phone that lost its sync state does): the
// server is asked which revisions it lacks (`_revs_diff`) and nothing is uploaded again.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import express from 'express';
import expressPouchDB from 'express-pouchdb';
import PouchDB from 'pouchdb';

const file = process.argv[2];
if (!file) throw new Error('usage: peer-bench.mjs <attempts.json>');
const attempts = JSON.parse(readFileSync(file, 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'lentera-peer-'));

/** Listens on a free loopback port; resolves with the port. */
const listen = (server) =>
  new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));

// The server: express-pouchdb's smallest mode that PouchDB replication needs (it includes response
// compression), its databases in LevelDB under `dir/server`.
const ServerPouch = PouchDB.defaults({ prefix: join(dir, 'server-') });
const app = express();
let requests = 0;
app.use((_req, _res, next) => {
  requests++;
  next();
});
app.use(expressPouchDB(ServerPouch, { mode: 'minimumForPouchDB', inMemoryConfig: true, logPath: join(dir, 'log') }));
const httpServer = app.listen(0, '127.0.0.1');
await new Promise((resolve) => httpServer.once('listening', resolve));
const serverPort = httpServer.address().port;

// The relay: every byte between the phone and the server, headers included.
const bytes = { up: 0, down: 0 };
const sockets = new Set();
const relay = createServer((client) => {
  const upstream = connect(serverPort, '127.0.0.1');
  for (const s of [client, upstream]) {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => {
      client.destroy();
      upstream.destroy();
    });
  }
  client.on('data', (d) => {
    bytes.up += d.length;
    upstream.write(d);
  });
  upstream.on('data', (d) => {
    bytes.down += d.length;
    client.write(d);
  });
  client.on('end', () => upstream.end());
  upstream.on('end', () => client.end());
});
const relayPort = await listen(relay);

// The phone: its own LevelDB, the attempts already saved (as Lentera's outbox is filled before timing).
const phone = new PouchDB(join(dir, 'phone'));
const docs = attempts.map(({ attempt, answers }) => ({ _id: attempt.id, ...attempt, answers }));
for (let i = 0; i < docs.length; i += 1000) await phone.bulkDocs(docs.slice(i, i + 1000));
const remoteUrl = `http://127.0.0.1:${relayPort}/attempts`;

/** One replication of the phone to the server, timed and counted. */
async function replicate(options) {
  bytes.up = 0;
  bytes.down = 0;
  requests = 0;
  const start = performance.now();
  const result = await phone.replicate.to(remoteUrl, options);
  const ms = performance.now() - start;
  if (!result.ok || result.doc_write_failures > 0) throw new Error(`replication failed: ${JSON.stringify(result)}`);
  return { ms, bytesUp: bytes.up, bytesDown: bytes.down, requests, docsWritten: result.docs_written };
}

try {
  // Create the server's database first, outside the timing (Lentera's tables exist before its push too).
  await new PouchDB(remoteUrl).info();
  const push = await replicate({});
  const held = await new ServerPouch('attempts').info();
  if (held.doc_count !== docs.length) throw new Error(`server holds ${held.doc_count} of ${docs.length} documents`);
  const replay = await replicate({ checkpoint: false });
  console.log(JSON.stringify({ attempts: docs.length, push, replay }));
} finally {
  for (const s of sockets) s.destroy();
  relay.close();
  httpServer.close();
  rmSync(dir, { recursive: true, force: true });
}
