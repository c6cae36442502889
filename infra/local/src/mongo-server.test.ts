import { selectedMongoServer } from './mongo-server';

describe('selectedMongoServer', () => {
  const saved = process.env.IDAAS_MONGO_SERVER;
  afterEach(() => {
    if (saved === undefined) delete process.env.IDAAS_MONGO_SERVER;
    else process.env.IDAAS_MONGO_SERVER = saved;
  });

  it('defaults to mongo-java-server', () => {
    delete process.env.IDAAS_MONGO_SERVER;
    expect(selectedMongoServer()).toBe('mongo-java-server');
    process.env.IDAAS_MONGO_SERVER = ' ';
    expect(selectedMongoServer()).toBe('mongo-java-server');
  });

  it('runs FerretDB only when asked to', () => {
    process.env.IDAAS_MONGO_SERVER = 'ferretdb';
    expect(selectedMongoServer()).toBe('ferretdb');
  });

  it('rejects an unknown name rather than falling back', () => {
    process.env.IDAAS_MONGO_SERVER = 'ferret';
    expect(() => selectedMongoServer()).toThrow(
      'IDAAS_MONGO_SERVER=ferret is not one of: mongo-java-server, ferretdb',
    );
  });
});
