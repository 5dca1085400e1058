/**
 * Whether `text` matches the glob `pattern` (`*`: any run of characters, nothing else is special).
 * Greedy with one backtrack point, so it runs in O(text × pattern) at worst and never explodes the
 * way a regular expression can; the server bounds the pattern (length, number of stars).
 */
export function globMatches(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let resume = 0;
  while (t < text.length) {
    if (p < pattern.length && pattern[p] !== '*' && pattern[p] === text[t]) {
      p++;
      t++;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      resume = t;
    } else if (star >= 0) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}

/** A pattern starting with `/` matches the path and query; any other, the whole URL. */
export function urlMatches(pattern: string, url: URL): boolean {
  return globMatches(pattern, pattern.startsWith('/') ? url.pathname + url.search : url.href);
}
