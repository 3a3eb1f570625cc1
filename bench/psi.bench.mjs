// Private overlap benchmark: both parties of an exchange in one process (list mode, every message through
// the wire format), the curve work spread over worker threads; then @openmined/psi.js (ECDH P-256, WASM,
// one thread) on the same sets for the ratio. Sizes: PSI_BENCH_SIZES (default 100000,1000000);
// PSI_BENCH_COMPARE (default 100000; 0 skips psi.js). Target: 100k x 100k under 10 s on 2 cores.
// PSI_BENCH_MAIN_ONLY=1 times only the work around the curve (the curve replaced by XOR pads, which commute),
// on the main thread alone: what the workers wait for, whatever the load on the cores.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import os, { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const { createPsiCompute } = require('../lib/psi/pool.js');
const { exchangeLocally } = require('../lib/psi/loopback.js');

const POPULATIONS = ['Customer', 'Open Opportunity', 'Prospect', 'Lead'];

/** n keys per side, a tenth of them shared, as normalised domains. */
function sets(n) {
  const shared = Math.floor(n / 10);
  const ours = [];
  const theirs = [];
  for (let i = 0; i < n; i++) {
    ours.push(i < shared ? `shared-company-${i}.com` : `our-company-${i}.co.uk`);
    theirs.push(i < shared ? `shared-company-${i}.com` : `their-company-${i}.de`);
  }
  return { ours, theirs, shared };
}

function party(partner, keys) {
  return {
    partner,
    keyKind: 'domain',
    records: keys.map((key, i) => ({ key, population: POPULATIONS[i % POPULATIONS.length], recordId: `r${i}` })),
    policy: { sharingLevel: 'Overlapping records', minSetSize: 1, maxSetSize: 10_000_000 },
  };
}

async function ours(n, compute) {
  const { ours: a, theirs: b, shared } = sets(n);
  // the records are the input, as an org read hands them over: the clock starts at the exchange
  const initiatorParty = party('B', a);
  const responderParty = party('A', b);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const { initiator, responder, transcript } = await exchangeLocally(initiatorParty, responderParty, 'list', compute);
  const seconds = (performance.now() - t0) / 1000;
  // process CPU time covers the worker threads too: seconds of one core the exchange needs, whatever the load
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  if (initiator.matches.length !== shared || responder.matches.length !== shared) throw new Error(`wrong intersection: ${initiator.matches.length}/${responder.matches.length}, expected ${shared}`);
  const bytes = transcript.reduce((s, m) => s + Buffer.byteLength(m), 0);
  console.log(`partnerlens ${n} x ${n}: ${seconds.toFixed(2)} s (${Math.round((2 * n) / seconds)} elements/s, both sides learn; ${(bytes / 1e6).toFixed(1)} MB on the wire, intersection ${shared} ok)`);
  console.log(`  CPU ${cpuSeconds.toFixed(2)} s = ${(cpuSeconds / seconds).toFixed(2)} cores busy on average (${os.loadavg()[0].toFixed(1)} load average: other work shares the cores)`);
  return seconds;
}

/** A stand-in for the worker pool: XOR with a pad per scalar commutes like blinding, and costs next to nothing. */
function xorCompute() {
  const pad = (scalar) => createHash('sha256').update(scalar).digest();
  const xor = (bytes, p) => {
    const out = new Uint8Array(bytes.length);
    for (let i = 0; i < bytes.length; i++) out[i] = bytes[i] ^ p[i & 31];
    // the top bit stays clear: elements must look canonical
    for (let i = 31; i < out.length; i += 32) out[i] &= 0x3f;
    return out;
  };
  return {
    async hashBlind(keys, domainKey, scalar) {
      const out = new Uint8Array(keys.length * 32);
      keys.forEach((k, i) => out.set(createHash('sha256').update(domainKey).update(k).digest(), i * 32));
      return xor(out, pad(scalar));
    },
    async blind(points, scalar) {
      return xor(points, pad(scalar));
    },
    async close() {},
  };
}

async function mainThreadOnly(n) {
  const { ours: a, theirs: b, shared } = sets(n);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const { initiator } = await exchangeLocally(party('B', a), party('A', b), 'list', xorCompute());
  const cpu = process.cpuUsage(cpu0);
  if (initiator.matches.length !== shared) throw new Error(`wrong intersection: ${initiator.matches.length}, expected ${shared}`);
  console.log(`main thread only, ${n} x ${n}: ${((performance.now() - t0) / 1000).toFixed(2)} s, CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s (the curve replaced by XOR pads and SHA-256; ${os.loadavg()[0].toFixed(1)} load average)`);
}

async function loadPsiJs() {
  try {
    const req = createRequire(path.join(here, 'psi-compare', 'package.json'));
    const PSI = req('@openmined/psi.js');
    return await PSI();
  } catch (error) {
    console.log(`@openmined/psi.js not installed (${error.message.split('\n')[0]}): run \`npm i --ignore-scripts\` in bench/psi-compare to compare.`);
    return undefined;
  }
}

/**
 * psi.js's own protocol: the client learns the intersection. The server's set goes as its raw encrypted
 * elements (its default, a Golomb-compressed set, fails to serialise at 100k x 100k with a low false-positive rate).
 */
function psiJs(psi, n) {
  const { ours: clientInputs, theirs: serverInputs, shared } = sets(n);
  const t0 = performance.now();
  const server = psi.server.createWithNewKey(true);
  const client = psi.client.createWithNewKey(true);
  const setup = server.createSetupMessage(1e-9, clientInputs.length, serverInputs, psi.dataStructure.Raw);
  const request = psi.request.deserializeBinary(client.createRequest(clientInputs).serializeBinary());
  const response = psi.response.deserializeBinary(server.processRequest(request).serializeBinary());
  const intersection = client.getIntersection(psi.serverSetup.deserializeBinary(setup.serializeBinary()), response);
  const seconds = (performance.now() - t0) / 1000;
  if (intersection.length !== shared) throw new Error(`psi.js intersection ${intersection.length}, expected ${shared}`);
  client.delete();
  server.delete();
  console.log(`@openmined/psi.js ${n} x ${n}: ${seconds.toFixed(2)} s (${Math.round((2 * n) / seconds)} elements/s, only the client learns; intersection ${shared} ok)`);
  return seconds;
}

/** One thread's X25519 speed now: the figure the exchange's time follows on a shared host. */
function x25519Micros() {
  const { sodium } = require('../lib/psi/sodium.js');
  const scalar = new Uint8Array(32).fill(7);
  const point = new Uint8Array(32);
  point[0] = 9;
  const out = new Uint8Array(32);
  const calls = 5000;
  // the first calls of a process run slower (48 µs against 33 µs seen): warm up before timing
  for (let i = 0; i < 1000; i++) sodium.crypto_scalarmult(out, scalar, point);
  const t = performance.now();
  for (let i = 0; i < calls; i++) sodium.crypto_scalarmult(out, scalar, point);
  return ((performance.now() - t) * 1000) / calls;
}

export async function run() {
  const sizes = (process.env.PSI_BENCH_SIZES ?? '100000,1000000').split(',').map(Number);
  if (process.env.PSI_BENCH_MAIN_ONLY === '1') {
    for (const n of sizes) await mainThreadOnly(n);
    return;
  }
  const compareSize = Number(process.env.PSI_BENCH_COMPARE ?? '100000');
  const threads = availableParallelism();
  console.log(`${threads} worker threads (X25519 blinding, Elligator 2 hash-to-group, sodium-native); host speed before the run: X25519 ${x25519Micros().toFixed(1)} µs a call`);
  const compute = createPsiCompute(threads);
  const timings = new Map();
  try {
    // workers started and code warmed on a small exchange first, so the figures are the exchange's own
    await exchangeLocally(party('B', sets(2000).ours), party('A', sets(2000).theirs), 'list', compute);
    for (const n of sizes) timings.set(n, await ours(n, compute));
    if (compareSize > 0 && !timings.has(compareSize)) timings.set(compareSize, await ours(compareSize, compute));
  } finally {
    await compute.close();
  }
  const at100k = timings.get(100000);
  if (at100k !== undefined) console.log(`100k x 100k target < 10 s: ${at100k < 10 ? 'met' : 'MISSED'} (${at100k.toFixed(2)} s)`);
  const at1m = timings.get(1000000);
  if (at1m !== undefined) console.log(`1M x 1M target < 100 s: ${at1m < 100 ? 'met' : 'MISSED'} (${at1m.toFixed(2)} s)`);
  console.log(`host speed after the run: X25519 ${x25519Micros().toFixed(1)} µs a call on one thread (these shared machines have measured 31 to 48 µs; the 1M figure follows it)`);
  if (compareSize > 0) {
    const psi = await loadPsiJs();
    if (psi) {
      let theirs;
      try {
        theirs = psiJs(psi, compareSize);
      } catch (error) {
        console.log(`@openmined/psi.js failed at ${compareSize} x ${compareSize}: ${String(error.message ?? error).slice(0, 200)}`);
        return;
      }
      console.log(`ratio at ${compareSize} x ${compareSize}: partnerlens is ${(theirs / timings.get(compareSize)).toFixed(1)}x faster than @openmined/psi.js`);
    }
  }
}
