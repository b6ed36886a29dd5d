/**
 * A tiny event emitter with the same shape as `vscode.Event` (listener in, disposable out),
 * so the core can offer events without importing `vscode`.
 */
export interface Disposable {
  dispose(): void;
}

export type Event<T> = (listener: (e: T) => void) => Disposable;

export class Emitter<T> {
  #listeners: Array<(e: T) => void> = [];
  #disposed = false;

  /** Subscribe; the returned disposable unsubscribes. */
  readonly event: Event<T> = (listener) => {
    if (this.#disposed) return { dispose() {} };
    this.#listeners = [...this.#listeners, listener];
    return {
      dispose: () => {
        this.#listeners = this.#listeners.filter((l) => l !== listener);
      },
    };
  };

  /**
   * Calls every listener. A listener that throws is reported to `onError` and does not stop
   * the others (one broken UI observer must not break the watchdog).
   */
  fire(e: T, onError?: (err: unknown) => void): void {
    for (const l of this.#listeners) {
      try {
        l(e);
      } catch (err) {
        onError?.(err);
      }
    }
  }

  dispose(): void {
    this.#disposed = true;
    this.#listeners = [];
  }
}
