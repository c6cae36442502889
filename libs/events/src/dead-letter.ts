import type { Kafka, KafkaMessage, Producer } from 'kafkajs';
import { Topics } from './topics';

export interface DeadLetterReason {
  groupId: string;
  topic: string;
  partition: number;
  error: string;
}

/**
 * Parks a message that can never be processed, with what went wrong, so the consumer keeps
 * going and an operator can inspect or replay it. The original bytes are kept as they were.
 */
export class DeadLetterQueue {
  private readonly producer: Producer;
  private connected = false;

  constructor(
    kafka: Kafka,
    private readonly topicPrefix = '',
  ) {
    this.producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  }

  async park(message: KafkaMessage, reason: DeadLetterReason): Promise<void> {
    if (!this.connected) {
      await this.producer.connect();
      this.connected = true;
    }
    await this.producer.send({
      topic: this.topicPrefix + Topics.deadLetter,
      acks: -1,
      messages: [
        {
          key: message.key,
          value: message.value,
          headers: {
            ...message.headers,
            'x-dead-letter-error': reason.error.slice(0, 1000),
            'x-dead-letter-group': reason.groupId,
            'x-original-topic': reason.topic,
            'x-original-partition': String(reason.partition),
            'x-original-offset': message.offset,
          },
        },
      ],
    });
  }

  async disconnect(): Promise<void> {
    if (this.connected) await this.producer.disconnect();
    this.connected = false;
  }
}
