/** Many shared holders or one exclusive holder; an exclusive request waits for the shared ones in flight and blocks new ones. */
export class ReadWriteLock {
  private readers = 0;
  private writer = false;
  private readonly queue: Array<{ exclusive: boolean; start: () => void }> = [];

  shared<T>(work: () => Promise<T>): Promise<T> {
    return this.acquire(false, work);
  }

  exclusive<T>(work: () => Promise<T>): Promise<T> {
    return this.acquire(true, work);
  }

  private acquire<T>(exclusive: boolean, work: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const start = () => {
        if (exclusive) this.writer = true;
        else this.readers += 1;
        work()
          .then(resolve, reject)
          .finally(() => {
            if (exclusive) this.writer = false;
            else this.readers -= 1;
            this.drain();
          });
      };
      this.queue.push({ exclusive, start });
      this.drain();
    });
  }

  private drain(): void {
    while (this.queue.length > 0 && !this.writer) {
      const next = this.queue[0] as { exclusive: boolean; start: () => void };
      if (next.exclusive && this.readers > 0) return;
      this.queue.shift();
      next.start();
      if (next.exclusive) return;
    }
  }
}
