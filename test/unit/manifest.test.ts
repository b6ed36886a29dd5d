// The settings schema lives twice: in package.json (what VS Code validates, completes and shows in
// the Settings editor) and in src/config (what the extension accepts). VS Code's configuration
// schema has no `$ref` (microsoft/vscode#97662), so package.json also repeats the action and
// `when` schemas inside `idleWatchdog.stages`. These tests fail when any copy drifts.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { BUILTIN_ACTIONS, DEFAULT_KICK_ON, KICK_SOURCES } from '../../src/config/model';
import {
  CONDITION_KEYS,
  DEFAULT_ACTIONS,
  DEFAULT_DELAY,
  parseAction,
  parseActions,
  parseBoolean,
  parseConditions,
  parseDelay,
  parseKickOn,
  parsePositive,
  parseSizeLimit,
  parseStages,
  Problems,
  SCOPES,
  SETTING_DEFAULTS,
  SEVERITIES,
  STAGE_KEYS,
  VSCODE_LARGE_FILE,
} from '../../src/config/parse';

type Schema = {
  type?: string;
  enum?: unknown[];
  enumDescriptions?: string[];
  default?: unknown;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  additionalProperties?: boolean;
  [key: string]: unknown;
};

const manifest = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, Schema> } };
};
const settings = manifest.contributes.configuration.properties;
const setting = (key: string): Schema => {
  const schema = settings[`idleWatchdog.${key}`];
  assert.ok(schema, `package.json declares idleWatchdog.${key}`);
  return schema;
};

/** The schema of one item of an actions list: top level, and inside a stage. */
const actionItem = setting('actions').items!;
const stageItem = setting('stages').items!;
const alternatives = actionItem.anyOf!;
const builtinNames = alternatives.find((a) => a.type === 'string' && a.enum)!;
const objectActions = alternatives.filter((a) => a.type === 'object');

/** The part of a schema that says what is valid (not how the Settings editor shows it). */
function validation(schema: Schema): Schema {
  const shown = ['default', 'scope', 'order', 'markdownDescription'];
  return Object.fromEntries(Object.entries(schema).filter(([k]) => !shown.includes(k)));
}

/** A value the schema accepts, for a property of the given JSON type. */
function sample(schema: Schema): unknown {
  if (schema.enum) return schema.enum[0];
  switch (schema.type) {
    case 'boolean':
      return true;
    case 'array':
      return [sample(schema.items ?? { type: 'string' })];
    case 'number':
      return 1;
    case 'string':
      return 'source.fixAll';
    default:
      return 'anything';
  }
}

describe('package.json settings schema vs the parser', () => {
  it('declares exactly the settings the parser has defaults for, with the same defaults', () => {
    const declared = Object.keys(settings).map((k) => k.replace(/^idleWatchdog\./, ''));
    assert.deepEqual(declared.sort(), Object.keys(SETTING_DEFAULTS).sort());
    for (const [key, value] of Object.entries(SETTING_DEFAULTS)) {
      assert.deepEqual(setting(key).default, value, `default of idleWatchdog.${key}`);
    }
  });

  it('every default parses without a problem, to what the parser falls back to', () => {
    const problems = new Problems();
    assert.equal(parseBoolean(setting('enabled').default, 'enabled', false, problems), true);
    assert.equal(parseDelay(setting('delay').default, 'delay', 0, problems), DEFAULT_DELAY);
    assert.deepEqual(parseActions(setting('actions').default, 'actions', [], problems), DEFAULT_ACTIONS);
    assert.deepEqual(parseStages(setting('stages').default, 'stages', problems), []);
    assert.deepEqual(parseConditions(setting('when').default, 'when', problems), {});
    assert.deepEqual([...parseKickOn(setting('kickOn').default, 'kickOn', problems)], DEFAULT_KICK_ON);
    assert.equal(parsePositive(setting('actionTimeout').default, 'actionTimeout', 0, problems), SETTING_DEFAULTS.actionTimeout);
    assert.deepEqual(parseSizeLimit(setting('formatSizeLimit').default, 'formatSizeLimit', true, problems), { ...VSCODE_LARGE_FILE, source: parseSizeLimit(null, '', true, problems).source });
    assert.deepEqual(problems.messages, []);
  });

  it('built-in action names are the parser’s, each with a description', () => {
    assert.deepEqual(builtinNames.enum, [...BUILTIN_ACTIONS]);
    assert.equal(builtinNames.enumDescriptions?.length, BUILTIN_ACTIONS.length);
  });

  it('every kind of action object in the schema is one the parser accepts, with every property the schema allows', () => {
    const kinds = objectActions.map((a) => a.required?.[0]);
    assert.deepEqual(kinds, ['command', 'notify', 'codeAction']);
    for (const schema of objectActions) {
      assert.equal(schema.additionalProperties, false);
      const value = Object.fromEntries(Object.entries(schema.properties!).map(([k, p]) => [k, sample(p)]));
      const problems = new Problems();
      assert.ok(parseAction(value, 'actions[0]', problems), `parses ${JSON.stringify(value)}`);
      assert.deepEqual(problems.messages, [], `no problem with ${JSON.stringify(value)}`);
    }
    const notify = objectActions.find((a) => a.required?.[0] === 'notify')!;
    assert.deepEqual(notify.properties!.severity.enum, [...SEVERITIES]);
    assert.equal(notify.properties!.severity.default, 'info');
  });

  it('a stage has the properties the parser reads; its scope enum is the parser’s', () => {
    assert.deepEqual(Object.keys(stageItem.properties!), [...STAGE_KEYS]);
    assert.deepEqual(stageItem.required, ['delay', 'actions']);
    assert.deepEqual(stageItem.properties!.scope.enum, [...SCOPES]);
    assert.equal(stageItem.properties!.scope.default, 'document');
  });

  it('`when` has the parser’s condition keys, and each accepts a value of its schema type', () => {
    const when = setting('when');
    assert.deepEqual(Object.keys(when.properties!), [...CONDITION_KEYS]);
    for (const [key, schema] of Object.entries(when.properties!)) {
      const problems = new Problems();
      const parsed = parseConditions({ [key]: sample(schema) }, 'when', problems);
      assert.deepEqual(problems.messages, [], `when.${key}`);
      assert.ok(key in parsed, `when.${key} is kept`);
    }
  });

  it('kickOn lists the parser’s kick sources, each with a description', () => {
    const items = setting('kickOn').items!;
    assert.deepEqual(items.enum, [...KICK_SOURCES]);
    assert.equal(items.enumDescriptions?.length, KICK_SOURCES.length);
  });

  it('the copies inside idleWatchdog.stages are identical to idleWatchdog.actions and idleWatchdog.when', () => {
    assert.deepEqual(stageItem.properties!.actions.items, actionItem);
    assert.deepEqual(validation(stageItem.properties!.when), validation(setting('when')));
  });
});
