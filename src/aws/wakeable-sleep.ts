/** A sleep that `wake()` ends early (a cancel should not wait out a one-second backoff). */
export class WakeableSleep {
  private wakeCurrent: (() => void) | undefined;
  private woken = false;

  sleep(ms: number): Promise<void> {
    if (this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeCurrent = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeCurrent = done;
    });
  }

  /** End the current sleep now, or the next one if none is under way. */
  wake(): void {
    if (this.wakeCurrent) this.wakeCurrent();
    else this.woken = true;
  }
}
