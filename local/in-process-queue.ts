import { randomUUID } from 'node:crypto';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { QueuedWebhook } from '../shared/ports/redelivery-queue';
import type { JobEvent } from '../shared/ports/job-events';
import type { QueuedSend } from '../shared/ports/send-queue';
import type { CrmQueue, RetryingQueue } from '../shared/wiring';

/** What waits on a route's queue: a webhook to finish, or a text to send again; on the CRM queue, a job event. */
export type QueuedItem = QueuedWebhook | QueuedSend | JobEvent;

interface LocalMessage {
  messageId: string;
  webhook: QueuedItem;
  receiveCount: number;
  visibleAt: number;
}

export interface InProcessQueueOptions {
  /** Attempts before a message moves to the dead letters, as the SQS redrive policy's maxReceiveCount. */
  maxReceiveCount: number;
  /** How long a failed message stays hidden when its consumer did not say (SQS's visibility timeout). */
  visibilityTimeoutMs: number;
  now?: () => number;
}

export interface QueueSnapshot {
  pending: Array<QueuedItem & { receiveCount: number }>;
  deadLetters: Array<QueuedItem & { receiveCount: number }>;
}

/**
 * The local stand-in for a route's SQS queue and its dead-letter queue, in process: the same consumer code reads it
 * through SQS-shaped events, with receive counts, visibility delays and a redrive limit.
 */
export class InProcessQueue implements RetryingQueue, CrmQueue {
  private pending: LocalMessage[] = [];
  private deadLetters: LocalMessage[] = [];
  private unreachable = false;
  private draining: Promise<number> | undefined;
  private readonly now: () => number;

  constructor(private readonly options: InProcessQueueOptions) {
    this.now = options.now ?? Date.now;
  }

  async enqueue(webhook: QueuedWebhook): Promise<void> {
    if (this.unreachable) throw new Error('queue unreachable');
    this.pending.push({ messageId: randomUUID(), webhook, receiveCount: 0, visibleAt: this.now() });
  }

  /** A text to send again: visible at once (the consumers' tick, or a test's drain, decides when it is tried). */
  async enqueueSend(send: QueuedSend): Promise<void> {
    if (this.unreachable) throw new Error('queue unreachable');
    this.pending.push({ messageId: randomUUID(), webhook: send, receiveCount: 0, visibleAt: this.now() });
  }

  /** Issue 19 §5: a job event for a business's CRM (the local CRM queue). */
  async publish(event: JobEvent): Promise<void> {
    if (this.unreachable) throw new Error('queue unreachable');
    this.pending.push({ messageId: randomUUID(), webhook: event, receiveCount: 0, visibleAt: this.now() });
  }

  async retryLater(receiptHandle: string, delaySeconds: number): Promise<void> {
    const message = this.pending.find((candidate) => candidate.messageId === receiptHandle);
    if (message) message.visibleAt = this.now() + delaySeconds * 1000;
  }

  /** Makes every enqueue fail, as an SQS outage would (tests of the 503 path). */
  setUnreachable(unreachable: boolean): void {
    this.unreachable = unreachable;
  }

  /**
   * Delivers every visible message to the consumer once, one per event; returns how many it delivered. A failed one
   * stays hidden for its backoff (or the visibility timeout) and moves to the dead letters after maxReceiveCount.
   * Calls overlap safely: a second drain waits for the first.
   */
  async drain(consume: (event: SQSEvent) => Promise<SQSBatchResponse>): Promise<number> {
    while (this.draining) await this.draining;
    this.draining = this.deliverVisible(consume);
    try {
      return await this.draining;
    } finally {
      this.draining = undefined;
    }
  }

  /** Moves the dead letters back to the queue (what `admin replay` does with SQS's message move task). */
  redrive(): number {
    const moved = this.deadLetters.map((message) => ({ ...message, receiveCount: 0, visibleAt: this.now() }));
    this.deadLetters = [];
    this.pending.push(...moved);
    return moved.length;
  }

  snapshot(): QueueSnapshot {
    const view = (message: LocalMessage) => ({ ...message.webhook, receiveCount: message.receiveCount });
    return { pending: this.pending.map(view), deadLetters: this.deadLetters.map(view) };
  }

  get size(): number {
    return this.pending.length;
  }

  private async deliverVisible(consume: (event: SQSEvent) => Promise<SQSBatchResponse>): Promise<number> {
    const visible = this.pending.filter((message) => message.visibleAt <= this.now());
    for (const message of visible) {
      message.receiveCount += 1;
      const hiddenUntil = this.now() + this.options.visibilityTimeoutMs;
      message.visibleAt = hiddenUntil;
      const { batchItemFailures } = await consume(sqsEvent(message));
      if (batchItemFailures.length === 0) {
        this.pending = this.pending.filter((candidate) => candidate !== message);
      } else if (message.receiveCount >= this.options.maxReceiveCount) {
        this.pending = this.pending.filter((candidate) => candidate !== message);
        this.deadLetters.push(message);
      }
    }
    return visible.length;
  }
}

function sqsEvent(message: LocalMessage): SQSEvent {
  return {
    Records: [
      {
        messageId: message.messageId,
        receiptHandle: message.messageId,
        body: JSON.stringify(message.webhook),
        attributes: {
          ApproximateReceiveCount: String(message.receiveCount),
          SentTimestamp: String(Date.parse(queuedAt(message.webhook))),
          SenderId: 'local',
          ApproximateFirstReceiveTimestamp: String(Date.now()),
        },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws:sqs:local:000000000000:local',
        awsRegion: 'local',
      },
    ],
  };
}

function queuedAt(item: QueuedItem): string {
  if ('kind' in item) return item.queuedAt;
  return 'receivedAt' in item ? item.receivedAt : item.occurredAt;
}
