// `when.pattern` (issue 22): VS Code's glob language, matched in bounded time. The table's answers
// are VS Code 1.100.3's own (`languages.match` with a RelativePattern matches the path relative
// to the folder with src/vs/base/common/glob.ts, run on each row when the table was written); the
// rows marked "differs" are where this matcher deliberately does not follow it (see glob.ts).
import * as assert from 'node:assert/strict';
import { cachedGlobs, compileGlob, GlobSyntaxError, matchGlob, relativePath } from '../../src/core/glob';

/** [pattern, path, matches] */
const TABLE: readonly (readonly [string, string, boolean])[] = [
  // Literals and `*`, `?`: within one segment, case-sensitive, a leading dot is an ordinary character.
  ['notes.txt', 'notes.txt', true],
  ['notes.txt', 'Notes.txt', false],
  ['notes.txt', 'sub/notes.txt', false],
  ['*.ts', 'a.ts', true],
  ['*.ts', '.ts', true],
  ['*.ts', 'src/a.ts', false],
  ['*.ts', 'a.tsx', false],
  ['*', '.env', true],
  ['*', 'a/b', false],
  ['*', '', true],
  ['?.ts', 'a.ts', true],
  ['?.ts', 'ab.ts', false],
  ['?.ts', '.ts', false],
  ['a?b', 'a/b', false],
  ['a*b', 'a/b', false],
  ['a*b*c', 'aXbYc', true],
  ['a*b*c', 'abc', true],
  ['a*b*c', 'acb', false],
  ['*?*?', 'a', false],
  ['*?*?', 'ab', true],
  // `**`: any number of segments, also none.
  ['**', '', true],
  ['**', 'a/b/c.ts', true],
  ['**/*.ts', 'a.ts', true],
  ['**/*.ts', 'src/deep/a.ts', true],
  ['**/*.ts', 'src/a.js', false],
  ['src/**/*.ts', 'src/a.ts', true],
  ['src/**/*.ts', 'src/x/y/a.ts', true],
  ['src/**/*.ts', 'srcx/a.ts', false],
  ['src/**/*.ts', 'lib/src/a.ts', false],
  ['src/**', 'src', true],
  ['src/**', 'src/a', true],
  ['src/**', 'src/a/b.ts', true],
  ['src/**', 'srcx', false],
  ['**/node_modules/**', 'node_modules/x.js', true],
  ['**/node_modules/**', 'a/node_modules/b/x.js', true],
  ['**/node_modules/**', 'a/node_modulesx/b.js', false],
  ['a/**/b', 'a/b', true],
  ['a/**/b', 'a/x/y/b', true],
  ['a/**/b', 'a/xb', false],
  ['**/**/**/*.md', 'x/y/README.md', true],
  ['**/**/**/*.md', 'README.md', true],
  ['a**b', 'aXb', true],
  ['a**b', 'a/b', false],
  // A separator in a path can be `\` too (VS Code matches either); a trailing `/` in a pattern is dropped.
  ['src/*.ts', 'src\\a.ts', true],
  ['src/', 'src', true],
  ['src/', 'src/a', false],
  // Braces: alternatives, which can hold `/` and `**`.
  ['*.{ts,js}', 'a.ts', true],
  ['*.{ts,js}', 'a.js', true],
  ['*.{ts,js}', 'a.css', false],
  ['{src,test}/**/*.ts', 'test/unit/a.ts', true],
  ['{src,test}/**/*.ts', 'lib/a.ts', false],
  ['{**/*.json,*.md}', 'a/b/c.json', true],
  ['{**/*.json,*.md}', 'a/b.md', false],
  ['{a/b,c}', 'a/b', true],
  ['{a/b,c}', 'c', true],
  ['{,x}y', 'y', true],
  ['{,x}y', 'xy', true],
  ['{x,}y', 'y', false], // as VS Code: a last empty alternative is dropped
  ['a{}b', 'ab', true],
  ['{a,b}{c,d}', 'bd', true],
  ['{a,b}{c,d}', 'ba', false],
  // Sets: one character of a set, a range, or not of it; `]` first is itself.
  ['[abc].ts', 'b.ts', true],
  ['[abc].ts', 'd.ts', false],
  ['file[0-9].txt', 'file7.txt', true],
  ['file[0-9].txt', 'fileA.txt', false],
  ['file[!0-9].txt', 'fileA.txt', true],
  ['file[!0-9].txt', 'file7.txt', false],
  ['file[^0-9].txt', 'fileA.txt', true],
  ['[]]', ']', true],
  ['[-a]', '-', true],
  ['[a-]', '-', true],
  ['[a-c-e]', '-', true],
  ['[a-c-e]', 'd', false],
  ['[a^]', '^', true],
  ['[a^]', 'b', false],
  ['[!^]', '^', false],
  ['[a!]', '!', true],
  ['[!]', 'x', true],
  ['[A-Z]', 'a', false],
  // Characters a regular expression would read specially are themselves here.
  ['a.b', 'aXb', false],
  ['a+(b)|c$', 'a+(b)|c$', true],
  ['a\\b', 'a\\b', true],
];

/** Rows where this matcher deliberately differs from VS Code's regular expression. */
const DIFFERS: readonly (readonly [string, string, boolean])[] = [
  // VS Code's `[^a]` also matches a separator; a set is one character in a segment here.
  ['a[!b]c', 'a/c', false],
  ['a[!b]c', 'a\\c', false],
  // `?` and a set read one character, not one half of an emoji's UTF-16 pair.
  ['?', '😀', true],
  ['[😀]', '😀', true],
];

describe('glob: VS Code\'s pattern language (when.pattern)', () => {
  for (const [pattern, path, expected] of TABLE) {
    it(`${JSON.stringify(pattern)} ${expected ? 'matches' : 'does not match'} ${JSON.stringify(path)}`, () => {
      assert.equal(matchGlob(pattern, path), expected);
    });
  }

  describe('where it deliberately differs from VS Code', () => {
    for (const [pattern, path, expected] of DIFFERS) {
      it(`${JSON.stringify(pattern)} ${expected ? 'matches' : 'does not match'} ${JSON.stringify(path)}`, () => {
        assert.equal(matchGlob(pattern, path), expected);
      });
    }
  });

  it('refuses, with the reason, a pattern VS Code would never match or would cut short', () => {
    const reason = (pattern: string) => {
      try {
        compileGlob(pattern);
        return 'compiled';
      } catch (e) {
        assert.ok(e instanceof GlobSyntaxError);
        return e.message;
      }
    };
    assert.equal(reason('src/{a,b'), 'has a "{" that is never closed');
    assert.equal(reason('src/[ab'), 'has a "[" that is never closed');
    assert.equal(reason('[]'), 'has a "[" that is never closed');
    assert.equal(reason('a]'), 'has a "]" that closes no "["');
    assert.equal(reason('a}'), 'has a "}" that closes no "{"');
    assert.equal(reason('{a,{b,c}}'), 'has a "{" inside another "{…}", which VS Code does not support');
    assert.equal(reason('[z-a]'), 'has a range "z-a" out of order');
    assert.equal(matchGlob('[z-a]', 'b'), false, 'matches nothing, as in VS Code');
    assert.equal(reason('[a-a]'), 'compiled');
  });

  it('empty brace alternatives, many of them leading to one state, match as VS Code matches them (they threw before)', () => {
    assert.equal(matchGlob('{,,,,,,,,,x}y', 'y'), true);
    assert.equal(matchGlob('{,,,,,,,,,x}y', 'xy'), true);
    assert.equal(matchGlob('{,,,,,,,,,x}y', 'zy'), false);
    assert.equal(matchGlob('a{,,,,,,,,}b', 'ab'), true);
    const many = `{a${','.repeat(45)}b}`;
    assert.equal(matchGlob(many, ''), true);
    assert.equal(matchGlob(many, 'b'), true);
    assert.equal(matchGlob(many, 'c'), false);
  });

  it('counts the brace alternatives (the settings cap them)', () => {
    assert.equal(compileGlob('*.ts').alternatives, 0);
    assert.equal(compileGlob('{a,b}/{c,d,e}').alternatives, 5);
    assert.equal(compileGlob('a{}b').alternatives, 1);
  });

  it('compiles a pattern once and keeps at most 256', () => {
    const glob = compileGlob('cache/**/*.ts');
    assert.equal(compileGlob('cache/**/*.ts'), glob);
    for (let i = 0; i < 300; i++) compileGlob(`cache/${i}/*.ts`);
    assert.equal(cachedGlobs(), 256);
    assert.notEqual(compileGlob('cache/**/*.ts'), glob, 'the oldest went first');
    const long = `${'x'.repeat(10_001)}*`;
    assert.notEqual(compileGlob(long), compileGlob(long), 'a pattern longer than 10 000 characters is not kept');
    assert.equal(compileGlob(long).matches(`${'x'.repeat(10_001)}yz`), true);
  });

  it('relativePath: the path below a folder, as a RelativePattern sees it', () => {
    assert.equal(relativePath('/w/proj/src/a.ts', '/w/proj', false), 'src/a.ts');
    assert.equal(relativePath('/w/proj', '/w/proj', false), '');
    assert.equal(relativePath('/w/project/a.ts', '/w/proj', false), undefined, 'a sibling with a longer name is not inside');
    assert.equal(relativePath('/w/other/a.ts', '/w/proj', false), undefined);
    assert.equal(relativePath('/a.ts', '/', false), 'a.ts', 'a base that ends in a separator');
    assert.equal(relativePath('/w/proj//a.ts', '/w/proj', false), 'a.ts', 'every separator after the base is dropped');
    assert.equal(relativePath('C:\\w\\Proj\\a.ts', 'c:\\w\\proj', true), 'a.ts', 'case ignored where the file system does');
    assert.equal(relativePath('/w/Proj/a.ts', '/w/proj', false), undefined);
  });
});

/**
 * Patterns that make a backtracking matcher (a glob turned into a regular expression, as VS Code
 * does) try every way of splitting the path: against a long path that does not match, the number
 * of ways grows like pathLength^stars. Here each is one pass over the path.
 */
describe('glob: hostile patterns against 4 096-character paths', () => {
  const HOSTILE = [
    `${'*?'.repeat(48)}x`,
    `${'*a'.repeat(10)}*b`,
    `${'*a'.repeat(40)}*b`,
    `${'{a,b}'.repeat(60)}x`,
    `${'{*a,*b}'.repeat(24)}x`,
    `${'**/'.repeat(60)}x`,
    `${'**/*a'.repeat(30)}*b`,
    `{${Array.from({ length: 36 }, (_, i) => `*a*${i}`).join(',')}}`,
    `${'[a-z]*'.repeat(40)}0`,
    `${'?'.repeat(4095)}`,
  ];
  // Under mutation testing (Stryker counts every statement it runs) the code is some 50 times
  // slower: there the paths are a quarter as long and the bound is generous; it still tells
  // pattern × path steps from the blow-up of a mutant that stops taking each state once a step.
  const instrumented = '__stryker__' in globalThis;
  const LENGTH = instrumented ? 1024 : 4096;
  const BOUND_MS = instrumented ? 1000 : 50;
  const PATHS = ['a'.repeat(LENGTH), `${'a'.repeat(63)}/`.repeat(LENGTH / 64), `${'ab'.repeat(LENGTH / 2 - 1)}/b`];

  it('each match takes < 50 ms of CPU time (a backtracking matcher takes years)', () => {
    let worst = { ms: 0, pattern: '', path: '' };
    for (const pattern of HOSTILE) {
      const glob = compileGlob(pattern);
      glob.matches('a'.repeat(64)); // once, so the engine's compilation of this code is not counted
      for (const path of PATHS) {
        assert.equal(path.length, LENGTH);
        // CPU time, not the clock: a machine busy with other work makes this wait, not work.
        const before = process.cpuUsage();
        const matched = glob.matches(path);
        const used = process.cpuUsage(before);
        const ms = (used.user + used.system) / 1000;
        assert.equal(matched, false, `${pattern.slice(0, 40)}… against ${path.slice(0, 20)}…`);
        if (ms > worst.ms) worst = { ms, pattern, path };
      }
    }
    console.log(`      worst: ${worst.ms.toFixed(1)} ms CPU for ${worst.pattern.slice(0, 30)}… (${worst.pattern.length} chars) against ${worst.path.slice(0, 12)}… (${LENGTH} chars)`);
    assert.ok(worst.ms < BOUND_MS, `${worst.ms} ms for ${worst.pattern.slice(0, 40)}…`);
  });

  it('still matches what it should at that size', () => {
    assert.equal(compileGlob(`${'*a'.repeat(40)}*b`).matches(`${'a'.repeat(4094)}/b`), false);
    assert.equal(compileGlob(`${'*a'.repeat(40)}*b`).matches(`${'a'.repeat(4095)}b`), true);
    assert.equal(compileGlob(`${'**/'.repeat(60)}x`).matches(`${'a/'.repeat(2047)}x`), true);
    assert.equal(compileGlob('?'.repeat(4095)).matches('a'.repeat(4095)), true);
  });
});
