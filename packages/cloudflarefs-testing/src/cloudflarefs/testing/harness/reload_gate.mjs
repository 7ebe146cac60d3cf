// Serializes Miniflare reconfiguration with the work that uses it.
//
// `setOptions` restarts workerd and poisons every proxy made before it (env, bindings, Durable
// Object stubs). Work that straddles it fails: a proxy used after the poisoning throws
// "Attempted to use poisoned stub", and a proxied promise resolved after the restart asks the
// new workerd for an address only the old one had, failing Miniflare's proxy-server heap check
// as a bare `AssertionError: false == true`. With the local API, a reload (a script upload, a
// new resource) can come from one thread while another thread's data call, a Worker request or
// a queue delivery is in flight.
//
// So a reload first drains: host commands wait, in-flight work finishes. Events from workerd
// (a Worker request, a queue batch, a Durable Object call) are still let in while draining,
// because they may be part of in-flight work (a command's fetch calls the Worker, which calls a
// Durable Object) and blocking them would deadlock. Once nothing is in flight, the gate closes
// to everything, the reload runs, and the gate opens. Draining waits DRAIN_LIMIT_MS at most
// (e.g. a Worker that itself calls the local API, which waits for this reload); after that the
// reload goes ahead as it always did.
export const DRAIN_LIMIT_MS = 30_000;

export class ReloadGate {
  #active = 0;
  #idle = []; // resolvers waiting for #active to reach 0
  #reloading = null; // a promise while a reload drains or runs
  #closed = false; // the reload itself runs: even events wait

  constructor(background = () => []) {
    // Promises of background work (waitUntil) that must also settle before a reload.
    this.background = background;
  }

  // A host command: waits for a reload to finish, then counts as in flight.
  async command(fn) {
    while (this.#reloading) await this.#reloading;
    return this.#run(fn);
  }

  // An event from workerd: waits only while the reload itself runs.
  async event(fn) {
    while (this.#closed) await this.#reloading;
    return this.#run(fn);
  }

  async #run(fn) {
    this.#active += 1;
    try {
      return await fn();
    } finally {
      this.#active -= 1;
      if (this.#active === 0) for (const wake of this.#idle.splice(0)) wake();
    }
  }

  // Run `fn` (the reconfiguration) with nothing in flight; one reload at a time.
  async reload(fn) {
    while (this.#reloading) await this.#reloading;
    let done;
    this.#reloading = new Promise((resolve) => (done = resolve));
    try {
      await this.#drain(Date.now() + DRAIN_LIMIT_MS);
      this.#closed = true;
      return await fn();
    } finally {
      this.#closed = false;
      this.#reloading = null;
      done();
    }
  }

  async #drain(deadline) {
    for (;;) {
      const background = this.background();
      if (this.#active === 0 && background.length === 0) return;
      const left = deadline - Date.now();
      if (left <= 0) {
        console.error(`[cfh] reloading with work still in flight after ${DRAIN_LIMIT_MS} ms`);
        return;
      }
      let timer;
      const waits = [
        new Promise((resolve) => this.#idle.push(resolve)),
        new Promise((resolve) => (timer = setTimeout(resolve, left))),
      ];
      if (background.length) waits.push(Promise.allSettled(background));
      await Promise.race(waits);
      clearTimeout(timer);
    }
  }
}
