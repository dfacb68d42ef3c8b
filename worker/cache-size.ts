// How many tickets the worker keeps in its workflow cache. Each cached ticket costs about 1.3 to
// 1.7 MiB of the worker's memory (its own instance of the workflow modules and its promises), and
// the SDK's default sizes the cache from the heap limit (≈ 2,300 tickets for 4 GiB): 10,000 open
// tickets then took 4.5 GB. Bounded here, the embedded node (worker, API and PGlite, ≈ 600 MiB on
// their own) stays under 1 GiB however many tickets are open; a ticket outside the cache is
// replayed from its history when it next wakes, which costs CPU, not correctness. 200 is well above
// what one node has in flight (the SDK's 40 concurrent workflow tasks; the benchmark's 16 lifecycles).
export const TICKET_CACHE_SIZE = 200;
