/**
 * The yardstick for c2sim's cost per event (issue 7, item 7): a hand-written, minimal
 * discrete-event loop for a three-node M/M/c tandem queue — Poisson arrivals, exponential
 * service, c servers per node, FIFO. Events live in a binary heap over typed arrays, queues are
 * ring buffers, and nothing is allocated per event. It draws from one seedrandom Alea stream;
 * c2sim draws each piece of work from a stream keyed by (decision, step) — dearer per draw, and
 * part of what the comparison charges to c2sim.
 */
import seedrandom from 'seedrandom';

export interface ChainParams {
  /** Customers to run through the chain. */
  customers: number;
  /** Servers per node. */
  servers: number;
  /** Mean gap between arrivals, seconds. */
  meanInterarrival: number;
  /** Mean service time per server, seconds. */
  meanService: number;
  /** Nodes in series (three in the bench). */
  nodes?: number;
  seed?: string;
}

export interface ChainLoopResult {
  /** Events executed: one arrival and one departure per node for each customer. */
  events: number;
  /** Wall-clock seconds for the whole loop. */
  seconds: number;
  /** Mean time from arrival to leaving the last node, seconds. */
  meanSojourn: number;
}

/** The chain's parameters in the bench and in bench/chain/*.yaml (all assumptions of the fixture). */
export const CHAIN: Omit<ChainParams, 'customers'> = { servers: 2, meanInterarrival: 50, meanService: 60, nodes: 3 };

/** Runs `customers` customers through the chain. */
export function runChainLoop(p: ChainParams): ChainLoopResult {
  const t0 = performance.now();
  const K = p.customers;
  const N = p.nodes ?? 3;
  const c = p.servers;
  const prng = seedrandom.alea(p.seed ?? 'chain');
  const expo = (mean: number) => -mean * Math.log(1 - prng.double());

  // Event heap: time and a code (customer * (N + 1) + where; where = N means "external arrival",
  // where = i < N means "departure from node i"). At most K + N*c events are pending at once.
  const cap = K + N * c + 1;
  const ht = new Float64Array(cap);
  const hc = new Int32Array(cap);
  const hs = new Float64Array(cap); // insertion order: ties run first-scheduled first
  let size = 0;
  let seq = 0;
  const push = (t: number, code: number) => {
    let i = size++;
    const s = seq++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (ht[parent]! < t || (ht[parent] === t && hs[parent]! < s)) break;
      ht[i] = ht[parent]!; hc[i] = hc[parent]!; hs[i] = hs[parent]!;
      i = parent;
    }
    ht[i] = t; hc[i] = code; hs[i] = s;
  };
  let popT = 0;
  const pop = (): number => {
    popT = ht[0]!;
    const code = hc[0]!;
    const lt = ht[--size]!, lc = hc[size]!, ls = hs[size]!;
    let i = 0;
    for (;;) {
      let m = 2 * i + 1;
      if (m >= size) break;
      if (m + 1 < size && (ht[m + 1]! < ht[m]! || (ht[m + 1] === ht[m] && hs[m + 1]! < hs[m]!))) m++;
      if (lt < ht[m]! || (lt === ht[m] && ls < hs[m]!)) break;
      ht[i] = ht[m]!; hc[i] = hc[m]!; hs[i] = hs[m]!;
      i = m;
    }
    ht[i] = lt; hc[i] = lc; hs[i] = ls;
    return code;
  };

  // Per node: busy servers and a FIFO ring buffer of waiting customers.
  const busy = new Int32Array(N);
  const ring = new Int32Array(N * K);
  const head = new Int32Array(N);
  const count = new Int32Array(N);
  const arrived = new Float64Array(K);

  const enter = (node: number, customer: number, now: number) => {
    if (busy[node]! < c) {
      busy[node]!++;
      push(now + expo(p.meanService), customer * (N + 1) + node);
    } else {
      ring[node * K + ((head[node]! + count[node]!) % K)] = customer;
      count[node]!++;
    }
  };

  let events = 0;
  let sojourn = 0;
  let t = 0;
  push(0, 0 * (N + 1) + N);
  while (size > 0) {
    const code = pop();
    const now = popT;
    events++;
    const customer = (code / (N + 1)) | 0;
    const where = code - customer * (N + 1);
    if (where === N) {
      arrived[customer] = now;
      if (customer + 1 < K) push((t += expo(p.meanInterarrival)), (customer + 1) * (N + 1) + N);
      enter(0, customer, now);
      continue;
    }
    // Departure from node `where`: the next waiting customer takes the server.
    if (count[where]! > 0) {
      const next = ring[where * K + head[where]!]!;
      head[where] = (head[where]! + 1) % K;
      count[where]!--;
      push(now + expo(p.meanService), next * (N + 1) + where);
    } else {
      busy[where]!--;
    }
    if (where + 1 < N) enter(where + 1, customer, now);
    else sojourn += now - arrived[customer]!;
  }
  return { events, seconds: (performance.now() - t0) / 1000, meanSojourn: sojourn / K };
}

/**
 * Analytic mean sojourn of the tandem (Jackson network: each node is an M/M/c queue fed by a
 * Poisson stream, Burke's theorem), from Erlang C: Σ over nodes of Wq + 1/μ.
 */
export function chainMeanSojourn(p: Omit<ChainParams, 'customers'>): number {
  const N = p.nodes ?? 3;
  const c = p.servers;
  const lambda = 1 / p.meanInterarrival;
  const mu = 1 / p.meanService;
  const a = lambda / mu;
  const rho = a / c;
  if (rho >= 1) return Infinity;
  let sum = 0;
  let term = 1;
  for (let k = 0; k < c; k++) {
    sum += term;
    term *= a / (k + 1);
  }
  const top = term / (1 - rho); // a^c / c! / (1 − ρ)
  const pWait = top / (sum + top);
  const wq = pWait / (c * mu - lambda);
  return N * (wq + 1 / mu);
}
