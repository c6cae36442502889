import {
  LAUNCHER_CLASS,
  MONGO_JAVA_SERVER_VERSION,
  SLF4J_VERSION,
  javaArgs,
  launcherSource,
  pomXml,
} from './mongo-java-server-config';

describe('mongo-java-server pom', () => {
  const pom = pomXml();

  it('pins the H2 backend, which brings the server core, Netty and H2', () => {
    expect(pom).toMatch(
      new RegExp(
        `<groupId>de\\.bwaldvogel</groupId>\\s*<artifactId>mongo-java-server-h2-backend</artifactId>\\s*<version>${MONGO_JAVA_SERVER_VERSION.replace(/\./g, '\\.')}</version>`,
      ),
    );
  });

  it('pins slf4j-api and its binding to the same version', () => {
    expect(pom).toContain(`<artifactId>slf4j-api</artifactId>\n      <version>${SLF4J_VERSION}</version>`);
    expect(pom).toContain(`<artifactId>slf4j-simple</artifactId>\n      <version>${SLF4J_VERSION}</version>`);
  });

  it('pins the dependency plugin', () => {
    expect(pom).toMatch(/<artifactId>maven-dependency-plugin<\/artifactId>\s*<version>3\.8\.1<\/version>/);
  });
});

describe('mongo-java-server launcher', () => {
  const source = launcherSource();

  it('serves the H2 backend and closes it on shutdown', () => {
    expect(source).toContain(`public final class ${LAUNCHER_CLASS}`);
    expect(source).toContain('new MongoServer(new H2Backend(args[2]))');
    expect(source).toContain('server.bind(args[0], Integer.parseInt(args[1]))');
    expect(source).toContain('addShutdownHook(new Thread(server::shutdown))');
  });

  it('exits when it cannot listen instead of lingering', () => {
    expect(source).toMatch(/catch \(Exception e\)[\s\S]*shutdownNow\(\)[\s\S]*System\.exit\(1\)/);
  });
});

describe('javaArgs', () => {
  it('puts the launcher and the jars on the classpath and passes host, port and data file', () => {
    const args = javaArgs({
      classes: '/x/classes',
      libs: '/x/libs',
      host: '127.0.0.1',
      port: 27117,
      dataFile: '/x/data/idaas.mv.db',
    });
    expect(args[args.indexOf('-cp') + 1]).toBe('/x/classes:/x/libs/*');
    expect(args.slice(-4)).toEqual([LAUNCHER_CLASS, '127.0.0.1', '27117', '/x/data/idaas.mv.db']);
    expect(args).toContain('-Dorg.slf4j.simpleLogger.defaultLogLevel=warn');
  });

  it('gives a 100k-user tenant room and exits on running out rather than lingering deaf', () => {
    const args = javaArgs({ classes: 'c', libs: 'l', host: 'h', port: 1, dataFile: 'd' });
    expect(args).toContain('-Xmx2g');
    expect(args).toContain('-XX:+ExitOnOutOfMemoryError');
  });
});
