// How many tickets the worker keeps in its workflow cache. Each cached ticket holds its own
// instance of the workflow modules (zod and the core: the SDK isolates module state per workflow,
// and zod's schemas cannot be shared frozen) and its promises: measured as the worker's resident
// memory, 3,000 open tickets took 1,906 MiB with 200 cached and 1,356 MiB with 64, about 4 MiB per
// cached ticket once V8's uncollected garbage is counted (docs/BENCHMARKS.md, issue 17). The SDK's
// default sizes the cache from the heap limit (≈ 2,300 tickets for 4 GiB: 4.5 GB with 10,000 open).
// A ticket outside the cache is replayed from its history when it next wakes, which costs CPU, not
// correctness; 64 is above what one node works on at once (the SDK's 40 concurrent workflow tasks,
// the benchmark's 16 lifecycles in flight, whose rate it did not change).
export const TICKET_CACHE_SIZE = 64;
