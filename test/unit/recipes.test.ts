import * as assert from 'node:assert/strict';
import { mergeValue, RECIPES, STILL_THERE_STAGE } from '../../src/config/recipes';
import { parseActions, parseConditions, parseDelay, parseStages, Problems } from '../../src/config/parse';

describe('recipes', () => {
  it('each writes values the settings parser accepts without a problem', () => {
    for (const recipe of RECIPES) {
      const problems = new Problems();
      const values = recipe.settings(recipe.asks?.value);
      if ('delay' in values) parseDelay(values.delay, 'delay', 1000, problems);
      if ('actions' in values) parseActions(values.actions, 'actions', [], problems);
      if ('when' in values) parseConditions(values.when, 'when', problems);
      if ('stages' in values) parseStages(values.stages, 'stages', problems);
      assert.deepEqual(problems.messages, [], recipe.id);
    }
  });

  it('never clobbers unrelated values: stages are added to the user’s own, once; conditions merged', () => {
    const mine = [{ delay: 2000, actions: ['save'] }];
    assert.deepEqual(mergeValue('stages', mine, [STILL_THERE_STAGE]), [...mine, STILL_THERE_STAGE]);
    assert.deepEqual(mergeValue('stages', [...mine, STILL_THERE_STAGE], [STILL_THERE_STAGE]), [...mine, STILL_THERE_STAGE], 'not twice');
    assert.deepEqual(mergeValue('stages', undefined, [STILL_THERE_STAGE]), [STILL_THERE_STAGE]);
    assert.deepEqual(mergeValue('when', { languages: ['json'] }, { noErrors: true }), { languages: ['json'], noErrors: true });
    assert.deepEqual(mergeValue('actions', ['format'], ['save']), ['save'], 'the recipe’s actions are what it is about');
  });

  it('per-language recipes ask for what they need', () => {
    const delay = RECIPES.find((r) => r.id === 'languageDelay')!;
    assert.equal(delay.perLanguage, true);
    assert.deepEqual(delay.settings(250), { delay: 250 });
    assert.deepEqual(RECIPES.find((r) => r.id === 'offForLanguage')!.settings(), { enabled: false });
  });
});
