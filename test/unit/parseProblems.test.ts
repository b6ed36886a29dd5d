// The problems a user reads (in the log and the status bar tooltip) when a setting is wrong: each
// names the setting, says what is wrong and what is used instead, and shows the value. These tests
// check the exact text, and the exact value parsed, for each kind of mistake.
import * as assert from 'node:assert/strict';
import { describeAction } from '../../src/config/model';
import {
  isEditorSettingsFile,
  parseAction,
  parseActions,
  parseBoolean,
  parseConditions,
  parseDelay,
  parseKickOn,
  parseFormatScope,
  parsePositive,
  parseSettleOn,
  parseSizeLimit,
  parseStages,
  Problems,
  resolveStages,
  show,
  valueSource,
} from '../../src/config/parse';

/** Runs one parser with a fresh list of problems; gives its result and the messages. */
function run<T>(parse: (problems: Problems) => T): { result: T; messages: string[] } {
  const problems = new Problems();
  const result = parse(problems);
  return { result, messages: problems.messages };
}

describe('settings problems: the text a user reads', () => {
  describe('how a value and a setting are shown', () => {
    it('shows a missing value as "nothing" and non-finite numbers by name', () => {
      assert.equal(show(undefined), 'nothing');
      assert.equal(show(Infinity), 'Infinity');
      assert.equal(show(-Infinity), '-Infinity');
      assert.equal(show(NaN), 'NaN');
      assert.equal(show(12), '12');
      assert.equal(show({ a: [1, 'b'] }), '{"a":[1,"b"]}');
      assert.deepEqual(run((p) => parseDelay(undefined, 'idleWatchdog.delay', 1000, p)).messages, [
        'idleWatchdog.delay: a delay must be a number of milliseconds; using 1000 (got nothing)',
      ]);
    });

    it('shows a value JSON cannot write (a cycle, a bigint) as plain text instead of throwing', () => {
      const cyclic: Record<string, unknown> = {};
      cyclic.self = cyclic;
      assert.equal(show(cyclic), '{"self":"[cycle]"}');
      assert.equal(show(10n), '10');
    });

    it('shows the start of a value nested 10 000 deep or a megabyte long, where JSON.stringify overflows or writes it all', () => {
      let deep: unknown = [];
      for (let i = 0; i < 10_000; i++) deep = [deep];
      assert.equal(show(deep), `${'['.repeat(77)}...`);
      let deepObject: unknown = {};
      for (let i = 0; i < 10_000; i++) deepObject = { a: deepObject };
      assert.equal(show(deepObject), `${'{"a":'.repeat(15)}{"...`);
      assert.equal(show({ pattern: 'x'.repeat(1_000_000) }), `{"pattern":"${'x'.repeat(65)}...`);
      assert.equal(show(Array.from({ length: 100_000 }, () => 7)), `[${'7,'.repeat(38)}...`);
    });

    it('cuts a value longer than 80 characters to 77 and "..."', () => {
      const eighty = 'x'.repeat(78); // with its quotes: 80 characters
      assert.equal(show(eighty), `"${eighty}"`);
      assert.equal(show(`${eighty}y`), `"${'x'.repeat(76)}...`);
    });

    it('cuts a setting path longer than 100 characters to 97 and "..."', () => {
      const hundred = 'w'.repeat(100);
      const problems = new Problems();
      problems.add(hundred, 1, 'bad');
      problems.add(`${hundred}z`, 1, 'bad');
      assert.deepEqual(problems.messages, [`${hundred}: bad (got 1)`, `${'w'.repeat(97)}...: bad (got 1)`]);
    });
  });

  describe('numbers', () => {
    it('a positive number must be greater than 0: 0 falls back, with the reason', () => {
      assert.deepEqual(run((p) => parsePositive(0, 'idleWatchdog.actionTimeout', 5000, p)), {
        result: 5000,
        messages: ['idleWatchdog.actionTimeout: must be a number greater than 0; using 5000 (got 0)'],
      });
      assert.deepEqual(run((p) => parsePositive(0.5, 'idleWatchdog.actionTimeout', 5000, p)), { result: 0.5, messages: [] });
    });

    it('a negative delay says so', () => {
      assert.deepEqual(run((p) => parseDelay(-1, 'idleWatchdog.delay', 1000, p)), {
        result: 1000,
        messages: ['idleWatchdog.delay: a delay cannot be negative; using 1000 (got -1)'],
      });
    });

    it('formatSizeLimit: 0 megabytes is not a limit; a number names itself as the source', () => {
      const zero = run((p) => parseSizeLimit(0, 'idleWatchdog.formatSizeLimit', true, p));
      assert.deepEqual(zero.result, { chars: 20 * 1024 * 1024, lines: 300_000, source: "VS Code's large-file threshold (editor.largeFileOptimizations)" });
      assert.deepEqual(zero.messages, [
        "idleWatchdog.formatSizeLimit: must be a number of megabytes greater than 0, or null for VS Code's large-file threshold; using that (got 0)",
      ]);
      assert.deepEqual(run((p) => parseSizeLimit(null, 'idleWatchdog.formatSizeLimit', false, p)).result, {
        chars: Infinity,
        lines: Infinity,
        source: 'editor.largeFileOptimizations is off',
      });
      assert.deepEqual(run((p) => parseSizeLimit(1.5, 'idleWatchdog.formatSizeLimit', false, p)).result, {
        chars: 1_500_000,
        lines: Infinity,
        source: 'idleWatchdog.formatSizeLimit: 1.5 MB',
      });
    });
  });

  describe('true or false', () => {
    it('takes "on", "off" and words with spaces around them as meant, whatever the fallback', () => {
      const values = [
        [' On ', false],
        ['off', true],
        [' YES', false],
        ['0 ', true],
      ] as const;
      const { result, messages } = run((p) => values.map(([v, fallback]) => parseBoolean(v, 'idleWatchdog.enabled', fallback, p)));
      assert.deepEqual(result, [true, false, true, false]);
      assert.equal(messages[0], 'idleWatchdog.enabled: must be true or false (without quotes); taking it as true (got " On ")');
    });

    it('a number is taken as meant without talking about quotes', () => {
      assert.deepEqual(run((p) => parseBoolean(1, 'idleWatchdog.enabled', false, p)), {
        result: true,
        messages: ['idleWatchdog.enabled: must be true or false; taking it as true (got 1)'],
      });
    });
  });

  describe('actions', () => {
    const action = (value: unknown) => run((p) => parseAction(value, 'idleWatchdog.actions[0]', p));
    const skipped = (value: unknown, message: string) => assert.deepEqual(action(value), { result: undefined, messages: [`idleWatchdog.actions[0]: ${message}`] });

    it('trims the spaces around a built-in name or a command id', () => {
      assert.deepEqual(action(' save '), { result: { kind: 'save' }, messages: [] });
      assert.deepEqual(action(' my.command\t'), { result: { kind: 'command', command: 'my.command', args: [] }, messages: [] });
    });

    it('names what is wrong with an action that cannot run', () => {
      skipped('has space', 'an action must be a built-in action name or a command id; skipping it (got "has space")');
      skipped(42, 'an action must be a string or an object with "command", "notify" or "codeAction"; skipping it (got 42)');
      skipped({ foo: 1 }, 'an action object needs "command", "notify" or "codeAction"; skipping it (got {"foo":1})');
      skipped('sav', 'unknown action; did you mean "save"? Skipping it (got "sav")');
    });

    it('a command object needs a command id: not empty, not blank, no spaces, a string', () => {
      for (const command of ['', '   ', 'a b', 7]) {
        skipped({ command }, `"command" must be a command id; skipping it (got ${JSON.stringify({ command })})`);
      }
    });

    it('a command object: the id is trimmed, and no args means none', () => {
      assert.deepEqual(action({ command: ' x.y ' }), { result: { kind: 'command', command: 'x.y', args: [] }, messages: [] });
      assert.deepEqual(action({ command: 'x.y', args: null }).result, { kind: 'command', command: 'x.y', args: [null] });
    });

    it('a notification needs its text as a string', () => {
      skipped({ notify: 5 }, '"notify" must be the message text; skipping it (got {"notify":5})');
      skipped({ notify: '' }, '"notify" must be the message text; skipping it (got {"notify":""})');
      assert.deepEqual(action({ notify: 'Hi', severity: 'loud' }).messages, ['idleWatchdog.actions[0]: "severity" must be "info", "warning" or "error"; using "info" (got "loud")']);
      assert.deepEqual(action({ notify: 'Hi', severity: 'error' }), { result: { kind: 'notify', text: 'Hi', severity: 'error' }, messages: [] });
    });

    it('a code action needs a kind written as dotted words', () => {
      skipped({ codeAction: 5 }, '"codeAction" must be a code action kind such as "source.fixAll.eslint"; skipping it (got {"codeAction":5})');
      skipped({ codeAction: 'source..fixAll' }, '"codeAction" must be a code action kind such as "source.fixAll.eslint"; skipping it (got {"codeAction":"source..fixAll"})');
      assert.deepEqual(action({ codeAction: 'source.fix-all_x' }).result, { kind: 'codeAction', codeActionKind: 'source.fix-all_x' });
    });
  });

  describe('a list of actions', () => {
    const actions = (value: unknown) => run((p) => parseActions(value, 'idleWatchdog.actions', [{ kind: 'save' }, { kind: 'format' }], p));

    it('a lone action object or name without brackets is taken as a list of one, with a note', () => {
      assert.deepEqual(actions({ command: 'x.y' }), {
        result: [{ kind: 'command', command: 'x.y', args: [] }],
        messages: ['idleWatchdog.actions: should be a list of actions; treating it as a list of one (got {"command":"x.y"})'],
      });
      assert.deepEqual(actions('fixAll'), {
        result: [{ kind: 'fixAll' }],
        messages: ['idleWatchdog.actions: should be a list of actions; treating it as a list of one (got "fixAll")'],
      });
    });

    it('a lone action that cannot run falls back, reported once', () => {
      assert.deepEqual(actions('has space'), {
        result: [{ kind: 'save' }, { kind: 'format' }],
        messages: ['idleWatchdog.actions: an action must be a built-in action name or a command id; skipping it (got "has space")'],
      });
    });

    it('a number, true or null falls back and names the fallback', () => {
      for (const [value, shown] of [
        [12, '12'],
        [true, 'true'],
        [null, 'null'],
      ] as const) {
        assert.deepEqual(actions(value), {
          result: [{ kind: 'save' }, { kind: 'format' }],
          messages: [`idleWatchdog.actions: must be a list of actions; using ["save","format"] (got ${shown})`],
        });
      }
    });
  });

  describe('`when` conditions', () => {
    const when = (value: unknown) => run((p) => parseConditions(value, 'idleWatchdog.when', p));

    it('a `when` that is not an object is ignored, saying what it should look like', () => {
      assert.deepEqual(when(['json']), {
        result: {},
        messages: ['idleWatchdog.when: must be an object such as { "languages": ["json"], "noErrors": true }; ignoring it (got ["json"])'],
      });
      assert.deepEqual(when(null), { result: {}, messages: [] });
    });

    it('an unknown condition is named with its path and the known ones', () => {
      assert.deepEqual(when({ language: 'json' }), {
        result: {},
        messages: ['idleWatchdog.when.language: unknown condition; known ones are languages, pattern, onlyDirty, workspaceOnly, noErrors, focused, debugging; ignoring it (got "json")'],
      });
    });

    it('languages: ids are trimmed; a list with a blank or non-string id is ignored as a whole', () => {
      assert.deepEqual(when({ languages: [' json ', 'jsonc'] }), { result: { languages: ['json', 'jsonc'] }, messages: [] });
      for (const languages of [['json', 5], ['json', '  '], [''], 5, {}]) {
        assert.deepEqual(when({ languages }), {
          result: {},
          messages: [`idleWatchdog.when.languages: must be a list of language ids such as ["json", "typescript"]; ignoring it (got ${JSON.stringify(languages)})`],
        });
      }
      assert.deepEqual(when({ languages: [] }).messages, [
        'idleWatchdog.when.languages: an empty list matches no document, so the stage could never run; ignoring it (got [])',
      ]);
    });

    it('pattern: longer than 1000 characters is ignored, naming the cap', () => {
      const long = `src/${'a'.repeat(992)}/*.ts`;
      assert.equal(long.length, 1001);
      assert.deepEqual(when({ pattern: long }), {
        result: {},
        messages: [`idleWatchdog.when.pattern: is 1001 characters long, more than the 1000 a glob may have; ignoring it (got ${show(long)})`],
      });
      assert.deepEqual(when({ pattern: ` ${long.slice(1)} ` }).result, { pattern: long.slice(1) }, '1000 characters once trimmed are fine');
    });

    it('pattern: more than 100 brace alternatives is ignored, naming the cap', () => {
      const many = `*.{${Array.from({ length: 101 }, (_, i) => `e${i}`).join(',')}}`;
      assert.deepEqual(when({ pattern: many }), {
        result: {},
        messages: [`idleWatchdog.when.pattern: has 101 brace alternatives, more than the 100 a glob may have; ignoring it (got ${show(many)})`],
      });
      const hundred = `{a,b}/*.{${Array.from({ length: 98 }, (_, i) => `e${i}`).join(',')}}`;
      assert.deepEqual(when({ pattern: hundred }).result, { pattern: hundred });
    });

    it('pattern: one VS Code would never match, or would read as something else, is ignored with the reason', () => {
      assert.deepEqual(when({ pattern: 'src/{a,b/*.ts' }), {
        result: {},
        messages: ['idleWatchdog.when.pattern: is not a glob VS Code can match: it has a "{" that is never closed; ignoring it (got "src/{a,b/*.ts")'],
      });
      assert.deepEqual(when({ pattern: 'file[9-0].txt' }).messages, [
        'idleWatchdog.when.pattern: is not a glob VS Code can match: it has a range "9-0" out of order; ignoring it (got "file[9-0].txt")',
      ]);
    });

    it('pattern: a glob is trimmed; a blank or non-string pattern is ignored', () => {
      assert.deepEqual(when({ pattern: ' src/**/*.ts ' }), { result: { pattern: 'src/**/*.ts' }, messages: [] });
      for (const pattern of ['', '   ', 3]) {
        assert.deepEqual(when({ pattern }), {
          result: {},
          messages: [`idleWatchdog.when.pattern: must be a glob such as "src/**/*.ts"; ignoring it (got ${JSON.stringify(pattern)})`],
        });
      }
    });
  });

  describe('stages', () => {
    const stages = (value: unknown) => run((p) => parseStages(value, 'idleWatchdog.stages', p));
    const stage = (delay: number, actions: unknown[], more: object = {}) => ({ delay, actions, scope: 'document', when: {}, source: 'idleWatchdog.stages[0]', ...more });

    it('no stages setting (undefined or null) is no stages, silently', () => {
      assert.deepEqual(stages(undefined), { result: [], messages: [] });
      assert.deepEqual(stages(null), { result: [], messages: [] });
    });

    it('a stages setting that is not a list is ignored, saying what it should look like', () => {
      assert.deepEqual(stages({ delay: 5 }), {
        result: [],
        messages: ['idleWatchdog.stages: must be a list of stages such as [{ "delay": 2000, "actions": ["save"] }]; ignoring it (got {"delay":5})'],
      });
    });

    it('a good stage gives no message; a delay of 0 is fine', () => {
      assert.deepEqual(stages([{ delay: 0, actions: ['save'] }]), { result: [stage(0, [{ kind: 'save' }])], messages: [] });
    });

    it('a stage that is not an object is skipped, saying what a stage is', () => {
      for (const item of ['later', 5, null, []]) {
        assert.deepEqual(stages([item]), {
          result: [],
          messages: [`idleWatchdog.stages[0]: a stage must be an object with "delay" and "actions"; skipping it (got ${JSON.stringify(item)})`],
        });
      }
    });

    it('a stage without a usable delay is skipped', () => {
      for (const delay of [-1, 'soon', undefined]) {
        assert.deepEqual(stages([{ delay, actions: ['save'] }]), {
          result: [],
          messages: [`idleWatchdog.stages[0].delay: a stage needs a delay: a number of milliseconds ≥ 0; skipping the stage (got ${show(delay)})`],
        });
      }
    });

    it('a stage without actions is skipped', () => {
      assert.deepEqual(stages([{ delay: 5 }]), {
        result: [],
        messages: ['idleWatchdog.stages[0].actions: a stage needs a list of actions; skipping the stage (got nothing)'],
      });
    });

    it('an empty list of actions is kept but reported; bad actions are named by their index in the stage', () => {
      assert.deepEqual(stages([{ delay: 5, actions: [] }]), {
        result: [stage(5, [])],
        messages: ['idleWatchdog.stages[0].actions: the stage has no actions, so it does nothing (got [])'],
      });
      assert.deepEqual(stages([{ delay: 5, actions: ['save', 42] }]), {
        result: [stage(5, [{ kind: 'save' }])],
        messages: ['idleWatchdog.stages[0].actions[1]: an action must be a string or an object with "command", "notify" or "codeAction"; skipping it (got 42)'],
      });
    });

    it('actions that are all bad or not a list: only what is wrong with them is reported, and the stage has none', () => {
      assert.deepEqual(stages([{ delay: 5, actions: [42] }]), {
        result: [stage(5, [])],
        messages: ['idleWatchdog.stages[0].actions[0]: an action must be a string or an object with "command", "notify" or "codeAction"; skipping it (got 42)'],
      });
      assert.deepEqual(stages([{ delay: 5, actions: '' }]), {
        result: [stage(5, [])],
        messages: ['idleWatchdog.stages[0].actions: an action must be a built-in action name or a command id; skipping it (got "")'],
      });
      assert.deepEqual(stages([{ delay: 5, actions: 5 }]), {
        result: [stage(5, [])],
        messages: ['idleWatchdog.stages[0].actions: must be a list of actions; using [] (got 5)'],
      });
    });

    it('an unknown scope falls back to "document"; an unknown property is named', () => {
      assert.deepEqual(stages([{ delay: 5, actions: ['save'], scope: 'galaxy', dealy: 9 }]), {
        result: [stage(5, [{ kind: 'save' }])],
        messages: [
          'idleWatchdog.stages[0].scope: must be "document" or "window"; using "document" (got "galaxy")',
          'idleWatchdog.stages[0].dealy: unknown stage property; ignoring it (got 9)',
        ],
      });
    });

    it('more than 50 stages: the first 50 are kept, and the cap is named', () => {
      const many = Array.from({ length: 51 }, (_, i) => ({ delay: 2000 + i, actions: ['save'] }));
      const { result, messages } = stages(many);
      assert.deepEqual(result.map((s) => s.delay), many.slice(0, 50).map((s) => s.delay));
      assert.deepEqual(messages, [`idleWatchdog.stages: has 51 stages, more than the 50 allowed; using the first 50 (got ${show(many)})`]);
      assert.deepEqual(stages(many.slice(0, 50)).messages, []);
    });

    it('more than 50 actions in a list: the first 50 run, and the cap is named', () => {
      const many = Array.from({ length: 51 }, (_, i) => `ext.command${i}`);
      const { result, messages } = stages([{ delay: 5, actions: many }]);
      assert.deepEqual(result[0].actions, many.slice(0, 50).map((command) => ({ kind: 'command', command, args: [] })));
      assert.deepEqual(messages, [`idleWatchdog.stages[0].actions: has 51 actions, more than the 50 a list may have; using the first 50 (got ${show(many)})`]);
      assert.deepEqual(run((p) => parseActions(many.slice(0, 50), 'idleWatchdog.actions', [], p)).messages, []);
      assert.equal(run((p) => parseActions(many, 'idleWatchdog.actions', [], p)).messages[0].slice(0, 43), 'idleWatchdog.actions: has 51 actions, more ');
    });

    it('a bad `when` of a stage is named with the stage\'s path', () => {
      assert.deepEqual(stages([{ delay: 5, actions: ['save'], when: 'always' }]).messages, [
        'idleWatchdog.stages[0].when: must be an object such as { "languages": ["json"], "noErrors": true }; ignoring it (got "always")',
      ]);
    });
  });

  describe('all stages of a key', () => {
    it('everything wrong: each setting is named, with what is used instead', () => {
      const { result, messages } = run((p) => resolveStages({ delay: 'x', actions: 5, when: 3, stages: {} }, p));
      assert.deepEqual(result, { document: [{ delay: 1000, actions: [{ kind: 'save' }], scope: 'document', when: {}, source: 'idleWatchdog.delay' }], window: [] });
      assert.deepEqual(messages, [
        'idleWatchdog.when: must be an object such as { "languages": ["json"], "noErrors": true }; ignoring it (got 3)',
        'idleWatchdog.delay: a delay must be a number of milliseconds; using 1000 (got "x")',
        'idleWatchdog.actions: must be a list of actions; using ["save"] (got 5)',
        'idleWatchdog.stages: must be a list of stages such as [{ "delay": 2000, "actions": ["save"] }]; ignoring it (got {})',
      ]);
    });

    it('a further stage at the same delay as the first is reported: it does not run after it', () => {
      const { result, messages } = run((p) => resolveStages({ delay: 2000, actions: ['format'], when: undefined, stages: [{ delay: 2000, actions: ['save'] }, { delay: 2001, actions: ['save'] }] }, p));
      assert.deepEqual(result.document.map((s) => s.delay), [2000, 2000, 2001]);
      assert.deepEqual(messages, ['idleWatchdog.stages[0].delay: is not after idleWatchdog.delay (2000 here), so this stage runs first (got 2000)']);
    });
  });

  describe('kick sources', () => {
    it('names the known sources when the setting is not a list, or an item is unknown', () => {
      assert.deepEqual(run((p) => [...parseKickOn('edit', 'idleWatchdog.kickOn', p)]), {
        result: ['edit', 'selection', 'editorSwitch', 'scroll'],
        messages: ['idleWatchdog.kickOn: must be a list of "edit", "selection", "editorSwitch", "scroll", "focus"; using the default (got "edit")'],
      });
      assert.deepEqual(run((p) => [...parseKickOn(['typing', 'scroll'], 'idleWatchdog.kickOn', p)]), {
        result: ['scroll'],
        messages: ['idleWatchdog.kickOn: unknown kick source; known ones are edit, selection, editorSwitch, scroll, focus; ignoring it (got "typing")'],
      });
    });
  });

  describe('what format formats (formatScope)', () => {
    it('keeps a known scope; anything else is named and formats the whole file', () => {
      for (const scope of ['file', 'changed', 'modifications']) assert.deepEqual(run((p) => parseFormatScope(scope, 'idleWatchdog.formatScope', p)), { result: scope, messages: [] });
      assert.deepEqual(run((p) => parseFormatScope('lines', 'idleWatchdog.formatScope', p)), {
        result: 'file',
        messages: ['idleWatchdog.formatScope: must be one of "file", "changed", "modifications"; formatting the whole file (got "lines")'],
      });
    });
  });

  describe('ways of leaving (settleOn)', () => {
    it('names the known ways when the setting is not a list, or an item is unknown; falls back to settling only after the delay', () => {
      assert.deepEqual(run((p) => [...parseSettleOn('terminal', 'idleWatchdog.settleOn', p)]), {
        result: [],
        messages: ['idleWatchdog.settleOn: must be a list of "editorSwitch", "windowBlur", "terminal"; settling only after the delay (got "terminal")'],
      });
      assert.deepEqual(run((p) => [...parseSettleOn(['blur', 'terminal', 'editorSwitch', 7], 'idleWatchdog.settleOn', p)]), {
        result: ['terminal', 'editorSwitch'],
        messages: [
          'idleWatchdog.settleOn: unknown way of leaving; known ones are editorSwitch, windowBlur, terminal; ignoring it (got "blur")',
          'idleWatchdog.settleOn: unknown way of leaving; known ones are editorSwitch, windowBlur, terminal; ignoring it (got 7)',
        ],
      });
      assert.deepEqual(run((p) => [...parseSettleOn([], 'idleWatchdog.settleOn', p)]), { result: [], messages: [] });
    });
  });

  describe('where a value comes from', () => {
    it('a language-specific value names its language, and says nothing of one when none is given', () => {
      assert.equal(valueSource({ workspaceValue: 1, workspaceFolderLanguageValue: 2 }, 'json'), 'folder [json]');
      assert.equal(valueSource({ workspaceFolderLanguageValue: 2 }, 'json', false), 'workspace [json]');
      assert.equal(valueSource({ globalValue: 1, defaultLanguageValue: 2 }, 'json'), 'default [json]');
      assert.equal(valueSource({ workspaceValue: 1, globalLanguageValue: 2 }), 'user');
    });
  });

  describe("VS Code's own settings files", () => {
    it('anything under vscode-userdata: is one; a file that only starts like one is not', () => {
      assert.equal(isEditorSettingsFile('vscode-userdata', '/User/globalStorage/state.json'), true);
      assert.equal(isEditorSettingsFile('file', '/home/me/.config/Code/User/tasks.json'), true);
      assert.equal(isEditorSettingsFile('file', '/work/app/.vscode/mcp.json'), true);
      assert.equal(isEditorSettingsFile('file', '/home/me/.config/Code/User/settings.json.bak'), false);
      assert.equal(isEditorSettingsFile('file', '/work/app/.vscode/settings.json.orig'), false);
      assert.equal(isEditorSettingsFile('file', '/work/app.code-workspace.bak'), false);
    });
  });

  describe('describing an action (log and tooltip)', () => {
    it('a command with its arguments, a notification, a code action, a built-in', () => {
      assert.equal(describeAction({ kind: 'command', command: 'x.y', args: [1, 'a', { b: true }] }), 'x.y(1,"a",{"b":true})');
      assert.equal(describeAction({ kind: 'command', command: 'x.y', args: [] }), 'x.y');
      assert.equal(describeAction({ kind: 'notify', text: 'Still there?', severity: 'info' }), 'notify "Still there?"');
      assert.equal(describeAction({ kind: 'codeAction', codeActionKind: 'source.fixAll.eslint' }), 'code action source.fixAll.eslint');
      assert.equal(describeAction({ kind: 'saveAll' }), 'saveAll');
    });

    it('shows at most 200 characters of the arguments, of a command id, of a text, then "…"', () => {
      const exactly = 'a'.repeat(198); // with its quotes: 200 characters
      assert.equal(describeAction({ kind: 'command', command: 'x.y', args: [exactly] }), `x.y("${exactly}")`);
      assert.equal(describeAction({ kind: 'command', command: 'x.y', args: [`${exactly}b`] }), `x.y("${exactly}b…)`);
      assert.equal(describeAction({ kind: 'command', command: 'x.y', args: ['x'.repeat(1_000_000), 2] }), `x.y("${'x'.repeat(199)}…)`);
      let deep: unknown = 1;
      for (let i = 0; i < 10_000; i++) deep = { a: deep };
      assert.equal(describeAction({ kind: 'command', command: 'x.y', args: [deep] }), `x.y(${'{"a":'.repeat(40)}…)`);
      assert.equal(describeAction({ kind: 'command', command: `x.${'y'.repeat(300)}`, args: [] }), `x.${'y'.repeat(198)}…`);
      assert.equal(describeAction({ kind: 'notify', text: 'z'.repeat(201), severity: 'info' }), `notify "${'z'.repeat(200)}…"`);
      assert.equal(describeAction({ kind: 'codeAction', codeActionKind: `source.${'q'.repeat(200)}` }), `code action source.${'q'.repeat(193)}…`);
    });
  });
});

describe('Problems: which settings they are about', () => {
  it('names each setting with a problem once, by its name in the section, paths and all', () => {
    const problems = new Problems();
    problems.add('idleWatchdog.delay', 'soon', 'a delay must be a number');
    problems.add('idleWatchdog.stages[0].delay', -1, 'a delay cannot be negative');
    problems.add('idleWatchdog.stages[1].actions', [], 'no actions');
    problems.add('idleWatchdog.when.pattern', 3, 'must be a glob');
    assert.deepEqual([...problems.keys], ['delay', 'stages', 'when']);
    assert.equal(problems.messages.length, 4);
  });

  it('keeps the first 100 messages and counts the rest, so a value with 100 000 mistakes is readable', () => {
    const raw: Record<string, unknown> = { onlyDirty: true };
    for (let i = 0; i < 100_000; i++) raw[`k${i}`] = i;
    const { result, messages } = run((p) => parseConditions(raw, 'idleWatchdog.when', p));
    assert.deepEqual(result, { onlyDirty: true });
    assert.equal(messages.length, 101);
    assert.equal(messages[99], 'idleWatchdog.when.k99: unknown condition; known ones are languages, pattern, onlyDirty, workspaceOnly, noErrors, focused, debugging; ignoring it (got 99)');
    assert.equal(messages[100], '...and 99900 more problems');
  });
});
