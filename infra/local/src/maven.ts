import fs from 'node:fs';
import path from 'node:path';
import { runStep } from './tools';

/** The plugin Maven 3.8 picks by default (2.8) predates includeScope handling we rely on. */
export const DEPENDENCY_PLUGIN_VERSION = '3.8.1';

/** The `<build>` section every generated pom shares: it pins the plugin that copies the jars. */
export function dependencyPluginBuild(): string {
  return `  <build>
    <plugins>
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-dependency-plugin</artifactId>
        <version>${DEPENDENCY_PLUGIN_VERSION}</version>
      </plugin>
    </plugins>
  </build>`;
}

export interface CopySpec {
  /** Where the generated pom is written; mvn runs in its folder. */
  pom: string;
  pomXml: string;
  /** Emptied first, then filled with the runtime classpath (the pom's dependencies, transitively). */
  target: string;
  logFile: string;
}

/**
 * Resolves a generated pom's runtime classpath into a folder with `mvn dependency:copy-dependencies`.
 * Maven's own repository (~/.m2) caches the downloads, so a reset of .local costs seconds.
 */
export async function copyRuntimeJars(spec: CopySpec): Promise<void> {
  const dir = path.dirname(spec.pom);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(spec.pom, spec.pomXml);
  fs.rmSync(spec.target, { recursive: true, force: true });
  await runStep({
    command: 'mvn',
    args: [
      '-B',
      '-q',
      '-f',
      spec.pom,
      'dependency:copy-dependencies',
      '-DincludeScope=runtime',
      `-DoutputDirectory=${spec.target}`,
    ],
    cwd: dir,
    logFile: spec.logFile,
  });
}
