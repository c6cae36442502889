import { z } from 'zod';
import { list, port, setting, text } from './setting';

/** Settings every service shares: where the broker and the database are, and where to listen. */
export const commonSettings = {
  kafkaBrokers: setting({
    env: 'KAFKA_BROKERS',
    title: 'Kafka brokers',
    description: 'comma-separated host:port list of the Kafka bootstrap brokers',
    schema: list(),
    default: '127.0.0.1:19092',
  }),
  mongodbUri: setting({
    env: 'MONGODB_URI',
    title: 'MongoDB URI',
    description: 'MongoDB connection string (any MongoDB-wire server: MongoDB 6+ or FerretDB)',
    schema: text(),
    default: 'mongodb://127.0.0.1:27117/',
  }),
  port: setting({
    env: 'PORT',
    title: 'HTTP port',
    description: 'TCP port the HTTP API listens on (0 picks a free port)',
    schema: port(),
    default: '0',
  }),
  kafkaTopicPrefix: setting({
    env: 'KAFKA_TOPIC_PREFIX',
    title: 'Kafka topic prefix',
    description:
      'prefix of every topic name, so several deployments (staging, production) can share one Kafka cluster',
    schema: z.string().regex(/^[A-Za-z0-9._-]*$/, 'letters, digits, ., _ and -'),
    default: '',
  }),
  logLevel: setting({
    env: 'LOG_LEVEL',
    title: 'Log level',
    description: 'pino log level: fatal, error, warn, info, debug, trace or silent',
    schema: text(),
    default: 'info',
  }),
};

export const regionSettings = {
  region: setting({
    env: 'REGION',
    title: 'Region',
    description: 'the data-plane region this process serves, e.g. eu or us (lowercase letters and digits)',
    schema: z
      .string()
      .regex(/^[a-z][a-z0-9-]{0,15}$/, 'lowercase letters, digits and dashes, starting with a letter'),
  }),
};
