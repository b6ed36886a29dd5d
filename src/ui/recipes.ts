import * as vscode from 'vscode';
import type { Log } from '../log';
import { mergeValue, Recipe, RECIPES } from '../config/recipes';
import { valueSource } from '../config/parse';
import { COMMAND_SETTINGS, SECTION } from '../config/settings';

/** A context key set once a recipe is written (package.json: the walkthrough step's completion event). */
export const RECIPE_WRITTEN = 'idleWatchdog.recipeWritten';

type Where = { readonly target: vscode.ConfigurationTarget; readonly languageId: string | undefined; readonly label: string };

/**
 * `idleWatchdog.chooseRecipe`: the README's recipes without writing JSON. Pick a recipe, see the
 * settings it writes, pick where (user, workspace, only this language); it writes them with
 * `WorkspaceConfiguration.update` (a user's own stages and conditions are kept) and warns when a
 * more specific level still wins for the document in front.
 */
export async function chooseRecipe(log: Log): Promise<boolean> {
  const document = vscode.window.activeTextEditor?.document;
  const languageId = document?.languageId;
  const recipe = (
    await vscode.window.showQuickPick(
      RECIPES.filter((r) => !r.perLanguage || languageId !== undefined).map((r) => ({
        label: r.label,
        description: r.perLanguage ? `[${languageId}]` : undefined,
        detail: r.description,
        recipe: r,
      })),
      // ignoreFocusOut: opened from the walkthrough, the page takes the focus back as the command
      // starts, and a picker that closes on focus loss would drop the recipe without a word.
      { title: vscode.l10n.t('Idle Watchdog: Choose a Recipe'), placeHolder: vscode.l10n.t('What should happen once you stop typing?'), ignoreFocusOut: true },
    )
  )?.recipe;
  if (recipe === undefined) return false;
  let answer: number | undefined;
  if (recipe.asks !== undefined) {
    const typed = await vscode.window.showInputBox({
      title: recipe.label,
      prompt: recipe.asks.prompt,
      value: String(recipe.asks.value),
      ignoreFocusOut: true,
      validateInput: (v) => (Number(v) > 0 ? undefined : vscode.l10n.t('A number of milliseconds greater than 0')),
    });
    if (typed === undefined) return false;
    answer = Number(typed);
  }
  const values = recipe.settings(answer);
  const where = await pickWhere(recipe, values, languageId);
  if (where === undefined) return false;
  await write(values, where, log);
  // The walkthrough's "Pick a recipe" step completes on this, not on the command's start.
  await vscode.commands.executeCommand('setContext', RECIPE_WRITTEN, true);
  await warnIfOverridden(values, where, document);
  return true;
}

function preview(values: Record<string, unknown>, languageId: string | undefined): string {
  const entries = Object.entries(values).map(([k, v]) => `"${SECTION}.${k}": ${JSON.stringify(v)}`);
  return languageId !== undefined ? `"[${languageId}]": { ${entries.join(', ')} }` : entries.join(', ');
}

async function pickWhere(recipe: Recipe, values: Record<string, unknown>, languageId: string | undefined): Promise<Where | undefined> {
  const hasFolder = (vscode.workspace.workspaceFolders?.length ?? 0) > 0;
  const options: Where[] = [];
  if (!recipe.perLanguage) {
    options.push({ target: vscode.ConfigurationTarget.Global, languageId: undefined, label: vscode.l10n.t('User settings') });
    if (hasFolder) options.push({ target: vscode.ConfigurationTarget.Workspace, languageId: undefined, label: vscode.l10n.t('Workspace settings') });
  }
  if (languageId !== undefined) {
    options.push({ target: vscode.ConfigurationTarget.Global, languageId, label: vscode.l10n.t('User settings, only for [{0}]', languageId) });
    if (hasFolder) options.push({ target: vscode.ConfigurationTarget.Workspace, languageId, label: vscode.l10n.t('Workspace settings, only for [{0}]', languageId) });
  }
  const picked = await vscode.window.showQuickPick(
    options.map((o) => ({ label: o.label, detail: preview(values, o.languageId), where: o })),
    { title: vscode.l10n.t('{0}: where should it apply?', recipe.label), placeHolder: vscode.l10n.t('It writes the settings shown under each place'), ignoreFocusOut: true },
  );
  return picked?.where;
}

/** The value the level being written holds now (to merge into, never clobbering unrelated values). */
function currentAt(info: ReturnType<vscode.WorkspaceConfiguration['inspect']>, where: Where): unknown {
  if (info === undefined) return undefined;
  if (where.languageId !== undefined) return where.target === vscode.ConfigurationTarget.Global ? info.globalLanguageValue : info.workspaceLanguageValue;
  return where.target === vscode.ConfigurationTarget.Global ? info.globalValue : info.workspaceValue;
}

async function write(values: Record<string, unknown>, where: Where, log: Log): Promise<void> {
  const config = vscode.workspace.getConfiguration(SECTION, where.languageId !== undefined ? { languageId: where.languageId } : undefined);
  for (const [key, value] of Object.entries(values)) {
    const merged = mergeValue(key, currentAt(config.inspect(key), where), value);
    await config.update(key, merged, where.target, where.languageId !== undefined ? true : undefined);
  }
  log.info(`recipe written to ${where.label}: ${preview(values, where.languageId)}`);
  if (where.target === vscode.ConfigurationTarget.Workspace && !vscode.workspace.isTrusted && Object.keys(values).some((k) => (COMMAND_SETTINGS as readonly string[]).includes(k))) {
    void vscode.window.showWarningMessage(
      vscode.l10n.t('Idle Watchdog: this folder is in Restricted Mode, so its workspace values of actions and stages are ignored until you trust it.'),
    );
  }
}

/** After writing: does a more specific level still win for the document in front? Say which. */
async function warnIfOverridden(values: Record<string, unknown>, where: Where, document: vscode.TextDocument | undefined): Promise<void> {
  const scope = document !== undefined ? { uri: document.uri, languageId: document.languageId } : undefined;
  const config = vscode.workspace.getConfiguration(SECTION, scope);
  const wrote = vscode.workspace.getConfiguration(SECTION, where.languageId !== undefined ? { languageId: where.languageId } : undefined);
  const overridden: string[] = [];
  for (const key of Object.keys(values)) {
    const info = wrote.inspect(key);
    const written = currentAt(info, where);
    if (JSON.stringify(config.get(key)) !== JSON.stringify(written)) {
      overridden.push(`${SECTION}.${key} (${valueSource(config.inspect(key), document?.languageId, vscode.workspace.workspaceFile !== undefined)})`);
    }
  }
  if (overridden.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Idle Watchdog: recipe written to {0}.', where.label));
    return;
  }
  const open = vscode.l10n.t('Open Workspace Settings');
  const choice = await vscode.window.showWarningMessage(
    vscode.l10n.t('Idle Watchdog: written to {0}, but a more specific setting wins here: {1}.', where.label, overridden.join(', ')),
    open,
  );
  if (choice === open) await vscode.commands.executeCommand('workbench.action.openWorkspaceSettingsFile');
}
