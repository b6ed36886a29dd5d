/**
 * Glob patterns (`idleWatchdog.when.pattern`) matched in time proportional to pattern × path,
 * whatever either holds (issue 22). Pure: no `vscode` import.
 *
 * Why not VS Code's own matcher (`languages.match` with a `RelativePattern`): it turns the glob
 * into a backtracking regular expression, and a workspace value such as `*?*?*?…x` kept the
 * extension host busy for seconds on every settle of a file with a long name. Here a pattern is
 * compiled once into a small automaton (a state per character or so, never an expansion of its
 * braces) and a path is read once, left to right, keeping the set of states it can be in: at most
 * (states × path length) steps, with no backtracking to blow up.
 *
 * The language is VS Code's (1.75–1.100, src/vs/base/common/glob.ts), checked against its own
 * matcher on the table in test/unit/glob.test.ts:
 * - `/` separates segments; in a path `/` and `\` both do (VS Code matches either).
 * - `*`: any run of characters within a segment, also none, also a leading dot; `?`: one.
 * - `**` as a whole segment: any number of segments, also none (`a/**` matches `a`; `**` alone
 *   matches anything). Two in a row count as one. A trailing `/` in a pattern is dropped.
 * - `{a,b}`: either alternative; an alternative can hold `/` and `**`. An empty alternative
 *   matches nothing else (`{,a}`), but a last empty one is dropped (`{a,}` is `{a}`), as in VS Code.
 * - `[abc]`, `[a-z]`, `[!a]` or `[^a]`: one character of (or not of) the set; `]` first is literal.
 * - Case-sensitive, as VS Code's glob is on every platform up to 1.100 (later versions ignore case
 *   on Windows and macOS; a pattern is one setting, so this decision is documented, not guessed).
 *
 * Where VS Code's regular expression does something no one means, this refuses or differs:
 * - A pattern VS Code would silently never match or read as something else — an unclosed `[` or
 *   `{` (dropped with the rest of its segment), a stray `]` (never matches) or `}` (dropped), a
 *   range out of order (`[z-a]`), a brace group inside another (VS Code closes the outer group at
 *   the first `}`) — throws `GlobSyntaxError`, so the settings can say so.
 * - A negated set never matches a separator (in VS Code `a[!b]c` matches `a/c`): a set is "one
 *   character in a segment", as VS Code's documentation says.
 * - `?` and a set match one character (code point), not one UTF-16 unit of an emoji.
 */

/** The pattern cannot be matched; `message` says why in the user's words. */
export class GlobSyntaxError extends Error {}

export interface Glob {
  readonly pattern: string;
  /** How many brace alternatives the pattern has, over all its groups (the settings cap it). */
  readonly alternatives: number;
  /** Whether `path` (relative to the base the pattern is for, `/` or `\` between segments) matches. */
  matches(path: string): boolean;
}

const SLASH = 0x2f;
const BACKSLASH = 0x5c;
const isSeparator = (c: number): boolean => c === SLASH || c === BACKSLASH;

/** What one step of the automaton reads. */
const enum Test {
  /** One given character. */
  Literal,
  /** Any one character but a separator (`?`, and `*` one character at a time). */
  NotSeparator,
  /** A separator. */
  Separator,
  /** Any one character (the `**`-only pattern). */
  Any,
  /** One character of a set. */
  Set,
}

/** A parsed pattern, before it becomes an automaton. */
type Node =
  | { readonly kind: 'one'; readonly test: Test; readonly char?: number; readonly set?: CharSet }
  | { readonly kind: 'star'; readonly test: Test.NotSeparator | Test.Any }
  | { readonly kind: 'globstar'; readonly last: boolean }
  | { readonly kind: 'either'; readonly choices: readonly Node[][] };

interface CharSet {
  readonly negated: boolean;
  /** Inclusive ranges, two numbers each. */
  readonly ranges: readonly number[];
}

/**
 * Splits at `split` where it is not inside `{…}` or `[…]` (VS Code's `splitGlobAware`: not nested,
 * and a last empty piece is dropped).
 */
function splitOutside(pattern: string, split: string): string[] {
  const pieces: string[] = [];
  let inBraces = false;
  let inBrackets = false;
  let piece = '';
  for (const char of pattern) {
    if (char === split && !inBraces && !inBrackets) {
      pieces.push(piece);
      piece = '';
      continue;
    }
    if (char === '{') inBraces = true;
    else if (char === '}') inBraces = false;
    else if (char === '[') inBrackets = true;
    else if (char === ']') inBrackets = false;
    piece += char;
  }
  if (piece !== '') pieces.push(piece);
  return pieces;
}

class Parser {
  alternatives = 0;

  /** A whole pattern, or one brace alternative. */
  sequence(pattern: string): Node[] {
    const segments = splitOutside(pattern, '/');
    if (segments.length > 0 && segments.every((s) => s === '**')) return [{ kind: 'star', test: Test.Any }];
    const nodes: Node[] = [];
    segments.forEach((segment, i) => {
      if (segment === '**') {
        if (segments[i - 1] !== '**') nodes.push({ kind: 'globstar', last: i === segments.length - 1 });
        return;
      }
      this.#segment(segment, nodes);
      // The separator after it, unless a last `**` follows (which also matches none: `a/**` ~ `a`).
      if (i < segments.length - 1 && (segments[i + 1] !== '**' || i + 2 < segments.length)) nodes.push({ kind: 'one', test: Test.Separator });
    });
    return nodes;
  }

  #segment(segment: string, nodes: Node[]): void {
    let braces: string | undefined;
    let set: { negated: boolean; items: (number | '-')[] } | undefined;
    for (const char of segment) {
      if (braces !== undefined && char !== '}') {
        if (char === '{') throw new GlobSyntaxError('has a "{" inside another "{…}", which VS Code does not support');
        braces += char;
        continue;
      }
      if (set !== undefined && (char !== ']' || (set.items.length === 0 && !set.negated))) {
        if (char === '-') set.items.push('-');
        else if ((char === '!' || char === '^') && set.items.length === 0 && !set.negated) set.negated = true;
        else if (char !== '/') set.items.push(char.codePointAt(0)!);
        continue;
      }
      switch (char) {
        case '{':
          braces = '';
          break;
        case '[':
          set = { negated: false, items: [] };
          break;
        case '}': {
          if (braces === undefined) throw new GlobSyntaxError('has a "}" that closes no "{"');
          const choices = splitOutside(braces, ',');
          this.alternatives += Math.max(1, choices.length);
          nodes.push({ kind: 'either', choices: choices.length === 0 ? [[]] : choices.map((c) => this.sequence(c)) });
          braces = undefined;
          break;
        }
        case ']':
          if (set === undefined) throw new GlobSyntaxError('has a "]" that closes no "["');
          nodes.push({ kind: 'one', test: Test.Set, set: { negated: set.negated, ranges: ranges(set.items) } });
          set = undefined;
          break;
        case '?':
        case '*': {
          // A run of `*` and `?` is kept as its `?`s then one `*` (the same strings): `*?*?*?…`
          // is then a chain the path walks through, not dozens of loops alive at every step.
          const last = nodes[nodes.length - 1];
          const afterStar = last !== undefined && last.kind === 'star';
          if (char === '?') nodes.splice(afterStar ? nodes.length - 1 : nodes.length, 0, { kind: 'one', test: Test.NotSeparator });
          else if (!afterStar) nodes.push({ kind: 'star', test: Test.NotSeparator });
          break;
        }
        default:
          nodes.push({ kind: 'one', test: Test.Literal, char: char.codePointAt(0)! });
      }
    }
    if (braces !== undefined) throw new GlobSyntaxError('has a "{" that is never closed');
    if (set !== undefined) throw new GlobSyntaxError('has a "[" that is never closed');
  }
}

/** A set's characters as ranges: `a-z` is a range; a `-` first or last, or after a range, is itself. */
function ranges(items: readonly (number | '-')[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    const to = items[i + 2];
    if (item !== '-' && items[i + 1] === '-' && to !== undefined && to !== '-') {
      if (to < item) throw new GlobSyntaxError(`has a range "${String.fromCodePoint(item)}-${String.fromCodePoint(to)}" out of order`);
      out.push(item, to);
      i += 2;
    } else {
      const char = item === '-' ? 0x2d : item;
      out.push(char, char);
    }
  }
  return out;
}

/**
 * The automaton: state i reads one character when `test[i]` is set (then goes to `next[i]`), or
 * is a fork to each of `forks[i]` without reading, or is the end (`MATCH`).
 */
const FORK = -1;
const MATCH = -2;

class Automaton implements Glob {
  readonly #test: number[] = [];
  readonly #char: number[] = [];
  readonly #set: (CharSet | undefined)[] = [];
  readonly #next: number[] = [];
  readonly #forks: number[][] = [];
  readonly #start: number;

  constructor(
    readonly pattern: string,
    nodes: readonly Node[],
    readonly alternatives: number,
  ) {
    this.#start = this.#sequence(nodes, this.#state(MATCH));
  }

  #state(test: number, next = 0, char = 0, set?: CharSet): number {
    this.#test.push(test);
    this.#next.push(next);
    this.#char.push(char);
    this.#set.push(set);
    this.#forks.push([]);
    return this.#test.length - 1;
  }

  #fork(...to: number[]): number {
    const state = this.#state(FORK);
    this.#forks[state] = to;
    return state;
  }

  /** Builds from the end: each node's states lead to `next`, the start of what follows it. */
  #sequence(nodes: readonly Node[], next: number): number {
    for (let i = nodes.length - 1; i >= 0; i--) next = this.#node(nodes[i], next);
    return next;
  }

  #node(node: Node, next: number): number {
    switch (node.kind) {
      case 'one':
        return this.#state(node.test, next, node.char, node.set);
      case 'star': {
        // loop: read one more, or go on.
        const loop = this.#fork();
        this.#forks[loop] = [this.#state(node.test, loop), next];
        return loop;
      }
      case 'globstar': {
        // (segment? separator)* — and, last in the pattern, also (separator segment)*, as VS Code.
        const loop = this.#fork();
        const toSeparator = this.#fork();
        this.#forks[toSeparator] = [this.#state(Test.NotSeparator, toSeparator), this.#state(Test.Separator, loop)];
        const forks = [toSeparator, next];
        if (node.last) {
          const more = this.#fork();
          const name = this.#state(Test.NotSeparator, more);
          this.#forks[more] = [name, loop];
          forks.push(this.#state(Test.Separator, name));
        }
        this.#forks[loop] = forks;
        return loop;
      }
      case 'either':
        return this.#fork(...node.choices.map((choice) => this.#sequence(choice, next)));
    }
  }

  #reads(state: number, c: number): boolean {
    switch (this.#test[state]) {
      case Test.Literal:
        return c === this.#char[state];
      case Test.NotSeparator:
        return !isSeparator(c);
      case Test.Separator:
        return isSeparator(c);
      case Test.Any:
        return true;
      default: {
        const set = this.#set[state]!;
        if (set.negated && isSeparator(c)) return false;
        let inside = false;
        for (let i = 0; i < set.ranges.length && !inside; i += 2) inside = c >= set.ranges[i] && c <= set.ranges[i + 1];
        return inside !== set.negated;
      }
    }
  }

  matches(path: string): boolean {
    const tests = this.#test;
    const nexts = this.#next;
    const forks = this.#forks;
    // seen[state] === step: the state is already in this step's set (each is taken once a step).
    const seen = new Int32Array(tests.length).fill(-1);
    let current = new Int32Array(tests.length);
    let following = new Int32Array(tests.length);
    // A state can be pushed once per fork edge into it before it is taken (empty brace
    // alternatives all lead to the same state): room for every edge, so nothing is dropped.
    let edges = 1;
    for (const to of forks) edges += to.length;
    const stack = new Int32Array(edges);
    let size = 0;
    let matched = false;
    /** Adds `from` and every state a fork reaches from it without reading, to `following`. */
    const add = (from: number, step: number): void => {
      let top = 0;
      stack[top++] = from;
      while (top > 0) {
        const s = stack[--top];
        if (seen[s] === step) continue;
        seen[s] = step;
        const test = tests[s];
        if (test === FORK) {
          const to = forks[s];
          for (let f = to.length - 1; f >= 0; f--) if (seen[to[f]] !== step) stack[top++] = to[f];
        } else if (test === MATCH) matched = true;
        else following[size++] = s;
      }
    };
    add(this.#start, 0);
    let count = size;
    [current, following] = [following, current];
    let step = 0;
    for (let i = 0; i < path.length; ) {
      const c = path.codePointAt(i)!;
      i += c > 0xffff ? 2 : 1;
      step++;
      matched = false;
      size = 0;
      for (let k = 0; k < count; k++) {
        const s = current[k];
        if (this.#reads(s, c)) add(nexts[s], step);
      }
      if (size === 0 && !matched) return false;
      count = size;
      [current, following] = [following, current];
    }
    return matched;
  }
}

/** Compiled patterns by their text: a settle asks for the same few again and again. */
const cache = new Map<string, Glob>();
/** Enough for every pattern of a workspace's settings; the oldest is dropped beyond it. */
const CACHE_SIZE = 256;
/** A longer pattern (the settings refuse it anyway) is compiled each time rather than kept. */
const CACHED_LENGTH = 10_000;

/**
 * The compiled pattern (cached). Throws `GlobSyntaxError` for a pattern VS Code would never match
 * or would cut short. Compiling is linear in the pattern's length.
 */
export function compileGlob(pattern: string): Glob {
  const cached = cache.get(pattern);
  if (cached !== undefined) return cached;
  const parser = new Parser();
  const glob = new Automaton(pattern, pattern === '' ? [] : parser.sequence(pattern), parser.alternatives);
  if (pattern.length <= CACHED_LENGTH) {
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
    cache.set(pattern, glob);
  }
  return glob;
}

/** Whether `path` matches `pattern`; a pattern that cannot be compiled matches nothing (as in VS Code). */
export function matchGlob(pattern: string, path: string): boolean {
  let glob: Glob;
  try {
    glob = compileGlob(pattern);
  } catch {
    return false;
  }
  return glob.matches(path);
}

/**
 * `path` relative to `base` (both with the platform's separators), or undefined when `base` is
 * not `path` nor a folder above it: what a `RelativePattern` is matched against. The separators
 * after the base are dropped (a base may end in one).
 */
export function relativePath(path: string, base: string, ignoreCase: boolean): string | undefined {
  const head = path.slice(0, base.length);
  if (ignoreCase ? head.toLowerCase() !== base.toLowerCase() : head !== base) return undefined;
  if (path.length > base.length && !isSeparator(path.charCodeAt(base.length)) && !isSeparator(base.charCodeAt(base.length - 1))) return undefined;
  let i = base.length;
  while (isSeparator(path.charCodeAt(i))) i++;
  return path.slice(i);
}

/** How many patterns are compiled and kept (for the tests of the cache's bound). */
export function cachedGlobs(): number {
  return cache.size;
}
