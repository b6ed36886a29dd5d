import * as vscode from 'vscode';

/**
 * The extension's log: one LogOutputChannel "Idle Watchdog". With the environment variable
 * IDLE_WATCHDOG_LOG_TO_CONSOLE set (the test runners set it), every line is mirrored to the
 * extension host's console, where test output shows it next to the failing assertion. The web
 * worker extension host has no `process`: there the log is never mirrored.
 */
export interface Log {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  /** Reveals the channel without taking focus. */
  show(): void;
  dispose(): void;
}

export function createLog(): Log {
  const channel = vscode.window.createOutputChannel('Idle Watchdog', { log: true });
  const show = () => channel.show(true);
  if (!logToConsole()) {
    return { info: (m) => channel.info(m), warn: (m) => channel.warn(m), error: (m) => channel.error(m), show, dispose: () => channel.dispose() };
  }
  const mirror =
    (level: string, write: (message: string) => void) =>
    (message: string): void => {
      console.log(`[idle-watchdog ${level}] ${message}`);
      write(message);
    };
  return {
    info: mirror('info', (m) => channel.info(m)),
    warn: mirror('warn', (m) => channel.warn(m)),
    error: mirror('error', (m) => channel.error(m)),
    show,
    dispose: () => channel.dispose(),
  };
}

/** IDLE_WATCHDOG_LOG_TO_CONSOLE is set (in the Node extension host; the web worker has no environment). */
function logToConsole(): boolean {
  return typeof process !== 'undefined' && !!process.env?.IDLE_WATCHDOG_LOG_TO_CONSOLE;
}
