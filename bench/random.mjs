// The benches' repeatable random source: mulberry32, in 32-bit integer steps. (A 31-bit LCG
// computed in doubles, `seed * 1103515245 + 12345`, overflows 2^53 and loses its low bits: its
// draws fall into short cycles and words stop appearing together, skewing what a bench measures.)

/** A function returning numbers in [0, 1), the same sequence for the same `seed`. */
export function seededRandom(seed) {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
