import * as assert from 'node:assert/strict';
import {
  isEditorSettingsFile,
  valueSource,
  parseSizeLimit,
  untrustedValue,
  editDistance,
  parseBoolean,
  parseAction,
  parseActions,
  parseConditions,
  parseDelay,
  parseKickOn,
  parseStages,
  Problems,
  resolveStages,
} from '../../src/config/parse';
import { describeAction } from '../../src/config/model';

describe('settings parsing', () => {
  describe('parseDelay', () => {
    for (const [value, why] of [
      ['1000', 'a string'],
      [NaN, 'NaN'],
      [-5, 'negative'],
      [null, 'null'],
      [{ ms: 5 }, 'an object'],
    ] as const) {
      it(`falls back and names the setting and value for ${why}`, () => {
        const problems = new Problems();
        assert.equal(parseDelay(value, 'idleWatchdog.delay', 1000, problems), 1000);
        assert.equal(problems.messages.length, 1);
        assert.match(problems.messages[0], /^idleWatchdog\.delay: /);
        assert.match(problems.messages[0], /using 1000/);
      });
    }

    it('keeps huge delays (beyond setTimeout) and clamps past MAX_SAFE_INTEGER', () => {
      const problems = new Problems();
      assert.equal(parseDelay(3e9, 'd', 1000, problems), 3e9);
      assert.equal(parseDelay(1e300, 'd', 1000, problems), Number.MAX_SAFE_INTEGER);
      assert.equal(parseDelay(0, 'd', 1000, problems), 0);
      assert.deepEqual(problems.messages, []);
    });
  });

  describe('parseAction', () => {
    const parse = (v: unknown) => {
      const problems = new Problems();
      return { action: parseAction(v, 'idleWatchdog.actions[0]', problems), problems: problems.messages };
    };

    it('knows the built-in names, case-insensitively', () => {
      for (const name of ['save', 'saveWithoutFormatting', 'saveAll', 'format', 'organizeImports', 'fixAll']) {
        assert.deepEqual(parse(name).action, { kind: name });
      }
      assert.deepEqual(parse('Format').action, { kind: 'format' });
    });

    it('takes any other string as a command id', () => {
      assert.deepEqual(parse('workbench.action.files.save').action, { kind: 'command', command: 'workbench.action.files.save', args: [] });
      assert.deepEqual(parse('undo').action, { kind: 'command', command: 'undo', args: [] });
    });

    it('suggests the built-in for a near-miss instead of running a command that does not exist', () => {
      const { action, problems } = parse('fromat');
      assert.equal(action, undefined);
      assert.match(problems[0], /did you mean "format"/);
      assert.match(problems[0], /"fromat"/);
    });

    it('parses command objects with one argument or a list of them', () => {
      assert.deepEqual(parse({ command: 'x.y', args: { a: 1 } }).action, { kind: 'command', command: 'x.y', args: [{ a: 1 }] });
      assert.deepEqual(parse({ command: 'x.y', args: [1, 2] }).action, { kind: 'command', command: 'x.y', args: [1, 2] });
    });

    it('parses notifications with a severity, defaulting to info', () => {
      assert.deepEqual(parse({ notify: 'Still there?', severity: 'warning' }).action, { kind: 'notify', text: 'Still there?', severity: 'warning' });
      const { action, problems } = parse({ notify: 'Hi', severity: 'loud' });
      assert.deepEqual(action, { kind: 'notify', text: 'Hi', severity: 'info' });
      assert.match(problems[0], /severity/);
    });

    it('parses code actions by kind', () => {
      assert.deepEqual(parse({ codeAction: 'source.fixAll.eslint' }).action, { kind: 'codeAction', codeActionKind: 'source.fixAll.eslint' });
      assert.equal(parse({ codeAction: 'not a kind' }).action, undefined);
    });

    it('skips, with a message, what cannot run', () => {
      for (const bad of [42, null, [], '', 'has space', { command: 7 }, { notify: '' }, { foo: 1 }]) {
        const { action, problems } = parse(bad);
        assert.equal(action, undefined, JSON.stringify(bad));
        assert.equal(problems.length, 1, JSON.stringify(bad));
        assert.match(problems[0], /^idleWatchdog\.actions\[0\]: /);
      }
    });
  });

  describe('parseActions', () => {
    it('skips only the bad items and keeps order', () => {
      const problems = new Problems();
      const actions = parseActions(['format', 42, 'save'], 'idleWatchdog.actions', [], problems);
      assert.deepEqual(actions.map((a) => a.kind), ['format', 'save']);
      assert.match(problems.messages[0], /idleWatchdog\.actions\[1\]/);
    });

    it('falls back when the setting is not a list at all; accepts a lone action with a note', () => {
      const problems = new Problems();
      assert.deepEqual(parseActions(12, 'a', [{ kind: 'save' }], problems), [{ kind: 'save' }]);
      assert.deepEqual(parseActions('format', 'a', [{ kind: 'save' }], problems), [{ kind: 'format' }]);
      assert.equal(problems.messages.length, 2);
    });
  });

  describe('parseConditions', () => {
    it('keeps good conditions and reports each bad one', () => {
      const problems = new Problems();
      const when = parseConditions({ languages: 'json', onlyDirty: 'maybe', focused: true, colour: 'red', pattern: '**/*.json' }, 'idleWatchdog.when', problems);
      assert.deepEqual(when, { languages: ['json'], focused: true, pattern: '**/*.json' });
      assert.equal(problems.messages.length, 2);
      assert.ok(problems.messages.some((m) => m.startsWith('idleWatchdog.when.onlyDirty: must be true or false; ignoring it')));
      assert.ok(problems.messages.some((m) => m.startsWith('idleWatchdog.when.colour:')));
    });

    it('a flag written in quotes ("true", "yes", "no") still means what it says, with a message', () => {
      const problems = new Problems();
      const when = parseConditions({ noErrors: 'true', workspaceOnly: 'yes', focused: 'no', debugging: 1 }, 'idleWatchdog.when', problems);
      assert.deepEqual(when, { noErrors: true, workspaceOnly: true, focused: false, debugging: true });
      assert.equal(problems.messages.length, 4);
      assert.match(problems.messages[0], /^idleWatchdog\.when\.workspaceOnly: must be true or false \(without quotes\); taking it as true/);
    });

    it('reports an empty languages list instead of silently never running', () => {
      const problems = new Problems();
      assert.deepEqual(parseConditions({ languages: [] }, 'idleWatchdog.when', problems), {});
      assert.match(problems.messages[0], /^idleWatchdog\.when\.languages: an empty list/);
    });

    it('ignores a `when` that is not an object', () => {
      const problems = new Problems();
      assert.deepEqual(parseConditions('always', 'w', problems), {});
      assert.equal(problems.messages.length, 1);
      assert.deepEqual(parseConditions(undefined, 'w', problems), {});
    });
  });

  describe('parseStages', () => {
    it('parses stages and skips a malformed one on its own', () => {
      const problems = new Problems();
      const stages = parseStages(
        [
          { delay: 2000, actions: ['save'] },
          { delay: 'soon', actions: ['save'] },
          'not a stage',
          { delay: 1_800_000, actions: [{ notify: 'Still there?' }], scope: 'window', when: { focused: true } },
          { delay: 5, actions: ['save'], scope: 'galaxy' },
        ],
        'idleWatchdog.stages',
        problems,
      );
      assert.deepEqual(stages.map((s) => [s.delay, s.scope, s.source]), [
        [2000, 'document', 'idleWatchdog.stages[0]'],
        [1_800_000, 'window', 'idleWatchdog.stages[3]'],
        [5, 'document', 'idleWatchdog.stages[4]'],
      ]);
      assert.deepEqual(stages[1].when, { focused: true });
      assert.equal(problems.messages.length, 3);
      assert.match(problems.messages[0], /idleWatchdog\.stages\[1\]\.delay/);
    });
  });

  describe('resolveStages', () => {
    it('builds the main stage from delay/actions and splits further stages by scope', () => {
      const problems = new Problems();
      const { document, window } = resolveStages(
        {
          delay: 700,
          actions: ['format'],
          when: { languages: ['json'], onlyDirty: true },
          stages: [
            { delay: 2000, actions: ['save'], when: { onlyDirty: false } },
            { delay: 60_000, actions: [{ notify: 'Still there?' }], scope: 'window' },
          ],
        },
        problems,
      );
      assert.deepEqual(problems.messages, []);
      assert.deepEqual(document.map((s) => [s.delay, s.actions.map(describeAction)]), [
        [700, ['format']],
        [2000, ['save']],
      ]);
      assert.deepEqual(document[1].when, { languages: ['json'], onlyDirty: false }, 'the global when is the default, the stage overrides');
      assert.deepEqual(window.map((s) => [s.delay, s.actions.map(describeAction), s.when]), [[60_000, ['notify "Still there?"'], {}]]);
    });

    it('falls back to the defaults when everything is wrong, never throwing', () => {
      const problems = new Problems();
      const { document, window } = resolveStages({ delay: 'x', actions: 5, when: 3, stages: {} }, problems);
      assert.deepEqual(document.map((s) => [s.delay, s.actions.map((a) => a.kind)]), [[1000, ['save']]]);
      assert.deepEqual(window, []);
      assert.equal(problems.messages.length, 4);
    });
  });

  describe('parseBoolean', () => {
    it('takes "no", "false", 0 as meant (with a message); garbage gives the fallback', () => {
      const problems = new Problems();
      assert.equal(parseBoolean('no', 'idleWatchdog.enabled', false, problems), false);
      assert.equal(parseBoolean('False', 'idleWatchdog.enabled', true, problems), false);
      assert.equal(parseBoolean('yes', 'idleWatchdog.enabled', false, problems), true);
      assert.equal(parseBoolean(0, 'idleWatchdog.enabled', true, problems), false);
      assert.equal(parseBoolean('perhaps', 'idleWatchdog.enabled', false, problems), false);
      assert.equal(parseBoolean(true, 'idleWatchdog.enabled', false, problems), true);
      assert.equal(problems.messages.length, 5);
      assert.match(problems.messages[0], /^idleWatchdog\.enabled: must be true or false \(without quotes\); taking it as false \(got "no"\)/);
      assert.match(problems.messages[4], /using false \(got "perhaps"\)/);
    });
  });

  describe('stage order', () => {
    it('warns when a further stage is not later than the first (a language delay overtaking a save)', () => {
      const problems = new Problems();
      const { document } = resolveStages({ delay: 3000, actions: ['format'], when: undefined, stages: [{ delay: 2000, actions: ['save'] }] }, problems);
      assert.deepEqual(document.map((s) => s.delay), [3000, 2000]);
      assert.match(problems.messages[0], /^idleWatchdog\.stages\[0\]\.delay: is not after idleWatchdog\.delay \(3000 here\), so this stage runs first/);
    });

    it('warns about a stage with no actions', () => {
      const problems = new Problems();
      parseStages([{ delay: 5, actions: [] }], 'idleWatchdog.stages', problems);
      assert.match(problems.messages[0], /^idleWatchdog\.stages\[0\]\.actions: the stage has no actions/);
    });
  });

  describe('parseKickOn', () => {
    it('keeps known sources and reports unknown ones', () => {
      const problems = new Problems();
      assert.deepEqual([...parseKickOn(['edit', 'typing', 'focus'], 'idleWatchdog.kickOn', problems)], ['edit', 'focus']);
      assert.match(problems.messages[0], /"typing"/);
      assert.deepEqual([...parseKickOn('edit', 'k', problems)], ['edit', 'selection', 'editorSwitch', 'scroll']);
    });
  });

  it('editDistance', () => {
    assert.equal(editDistance('format', 'fromat'), 2);
    assert.equal(editDistance('save', 'save'), 0);
    assert.equal(editDistance('', 'abc'), 3);
  });

  describe('Restricted Mode: untrustedValue', () => {
    it('takes the user\'s and the default values, never the workspace\'s or a folder\'s, language-specific or not', () => {
      const cloned = { workspaceValue: ['evil'], workspaceFolderValue: ['evil'], workspaceLanguageValue: ['evil'], workspaceFolderLanguageValue: ['evil'] };
      assert.deepEqual(untrustedValue({ defaultValue: ['save'], ...cloned }), ['save']);
      assert.deepEqual(untrustedValue({ defaultValue: ['save'], globalValue: ['format'], ...cloned }), ['format']);
      assert.deepEqual(untrustedValue({ defaultValue: ['save'], globalValue: ['format'], globalLanguageValue: ['fixAll'], ...cloned }), ['fixAll']);
      assert.equal(untrustedValue(undefined), undefined);
    });
  });

  describe('idleWatchdog.formatSizeLimit', () => {
    it('null follows VS Code: its large-file threshold while editor.largeFileOptimizations is on, none when off', () => {
      const problems = new Problems();
      assert.deepEqual({ ...parseSizeLimit(null, 's', true, problems), source: '' }, { chars: 20 * 1024 * 1024, lines: 300_000, source: '' });
      assert.equal(parseSizeLimit(undefined, 's', false, problems).chars, Infinity);
      assert.deepEqual(problems.messages, []);
    });
    it('a number is megabytes; anything else is named and falls back to VS Code\'s threshold', () => {
      const problems = new Problems();
      assert.equal(parseSizeLimit(2.5, 's', true, problems).chars, 2_500_000);
      assert.equal(parseSizeLimit('big', 'idleWatchdog.formatSizeLimit', true, problems).chars, 20 * 1024 * 1024);
      assert.equal(parseSizeLimit(-1, 'idleWatchdog.formatSizeLimit', true, problems).lines, 300_000);
      assert.equal(problems.messages.length, 2);
      assert.match(problems.messages[0], /idleWatchdog\.formatSizeLimit/);
    });
  });

  describe('valueSource: where a value comes from (the status bar tooltip)', () => {
    it('follows VS Code: language-specific beats everything else, then folder, workspace, user, default', () => {
      assert.equal(valueSource({ defaultValue: 1000 }), 'default');
      assert.equal(valueSource({ defaultValue: 1000, globalValue: 700 }), 'user');
      assert.equal(valueSource({ defaultValue: 1000, globalValue: 700, workspaceValue: 3000 }), 'workspace');
      assert.equal(valueSource({ globalValue: 700, workspaceValue: 3000, workspaceFolderValue: 1 }), 'folder');
      assert.equal(valueSource({ workspaceValue: 3000, globalLanguageValue: 500 }, 'json'), 'user [json]');
      assert.equal(valueSource({ workspaceFolderValue: 1, workspaceLanguageValue: 3000, globalLanguageValue: 500 }, 'json'), 'workspace [json]');
      assert.equal(valueSource(undefined), 'default');
      assert.equal(valueSource({ workspaceValue: 3000, workspaceFolderValue: 3000 }, 'json', false), 'workspace', 'one folder: its settings are the workspace\'s');
    });
  });

  describe('isEditorSettingsFile: VS Code\'s own settings files are left alone by default', () => {
    it('user and workspace settings, keybindings, tasks, launch, .code-workspace; not a project\'s own JSON', () => {
      assert.equal(isEditorSettingsFile('vscode-userdata', '/User/settings.json'), true);
      assert.equal(isEditorSettingsFile('file', '/home/me/.config/Code/User/settings.json'), true);
      assert.equal(isEditorSettingsFile('file', '/data/User/profiles/abc/keybindings.json'), true);
      assert.equal(isEditorSettingsFile('file', '/work/app/.vscode/settings.json'), true);
      assert.equal(isEditorSettingsFile('file', '/work/app/.vscode/launch.json'), true);
      assert.equal(isEditorSettingsFile('file', '/work/app.code-workspace'), true);
      assert.equal(isEditorSettingsFile('file', '/work/app/settings.json'), false);
      assert.equal(isEditorSettingsFile('file', '/work/app/package.json'), false);
    });
  });
});
