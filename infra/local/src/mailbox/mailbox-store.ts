import { randomUUID } from 'node:crypto';

/** One received message, as the JSON mailbox shows it. */
export interface ReceivedMessage {
  id: string;
  from: string;
  /** Envelope recipients (RCPT TO): who the relay was asked to deliver to, Bcc included. */
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** Header name (lower case) to its value, e.g. `message-id`. */
  headers: Record<string, string>;
  messageId: string;
  receivedAt: string;
}

/**
 * The messages the local relay accepted, newest last. Memory only, and bounded: it is a
 * development and test inbox, not a mail store, so an old message gives way to a new one.
 */
export class MailboxStore {
  private readonly messages: ReceivedMessage[] = [];

  constructor(private readonly capacity = 1000) {}

  add(message: Omit<ReceivedMessage, 'id' | 'receivedAt'>, now = new Date()): ReceivedMessage {
    const stored = { ...message, id: randomUUID(), receivedAt: now.toISOString() };
    this.messages.push(stored);
    if (this.messages.length > this.capacity) this.messages.shift();
    return stored;
  }

  /** Messages for one address (case-insensitive), or all. */
  list(to?: string): ReceivedMessage[] {
    if (!to) return [...this.messages];
    const wanted = to.trim().toLowerCase();
    return this.messages.filter((m) => m.to.some((r) => r.toLowerCase() === wanted));
  }

  get(id: string): ReceivedMessage | undefined {
    return this.messages.find((m) => m.id === id);
  }

  clear(): void {
    this.messages.length = 0;
  }
}
