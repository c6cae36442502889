import { log4jProperties, newClusterId, pomXml, serverProperties } from './kafka-config';

function parse(props: string): Map<string, string> {
  const entries = props
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)] as [string, string]);
  return new Map(entries);
}

describe('serverProperties', () => {
  const props = parse(serverProperties({ host: '127.0.0.1', port: 19092, dataDir: '/x/data' }));

  it('runs one combined KRaft node with the controller on the next port', () => {
    expect(props.get('process.roles')).toBe('broker,controller');
    expect(props.get('node.id')).toBe('1');
    expect(props.get('controller.quorum.voters')).toBe('1@127.0.0.1:19093');
    expect(props.get('listeners')).toBe('PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093');
    expect(props.get('advertised.listeners')).toBe('PLAINTEXT://127.0.0.1:19092');
    expect(props.get('log.dirs')).toBe('/x/data');
  });

  it('suits a single node and fast test consumer groups', () => {
    expect(props.get('offsets.topic.replication.factor')).toBe('1');
    expect(props.get('transaction.state.log.replication.factor')).toBe('1');
    expect(props.get('transaction.state.log.min.isr')).toBe('1');
    expect(props.get('min.insync.replicas')).toBe('1');
    expect(props.get('group.initial.rebalance.delay.ms')).toBe('0');
    expect(props.get('num.partitions')).toBe('3');
    expect(props.get('auto.create.topics.enable')).toBe('true');
  });
});

describe('generated files', () => {
  it('pins the broker and a logging binding matching slf4j-api', () => {
    const pom = pomXml('1.7.36');
    expect(pom).toContain('<artifactId>kafka_2.13</artifactId>');
    expect(pom).toMatch(/<artifactId>slf4j-reload4j<\/artifactId>\s*<version>1\.7\.36<\/version>/);
  });

  it('logs to the given file', () => {
    expect(log4jProperties('/x/logs/kafka.log')).toContain('log4j.appender.file.File=/x/logs/kafka.log');
  });

  it('makes cluster ids in Kafka format', () => {
    for (let i = 0; i < 200; i++) {
      const id = newClusterId();
      expect(id).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
    }
  });
});
