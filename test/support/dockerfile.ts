import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

export interface DockerfileStage {
  name: string;
  /** The image or earlier stage it starts from. */
  from: string;
  /** The stages its `COPY --from=` lines take files from. */
  copiesFrom: string[];
  text: string;
}

/** The Dockerfile's stages, in order (`FROM <image> AS <name>` and what follows up to the next FROM). */
export function dockerfileStages(root: string): DockerfileStage[] {
  const text = readFileSync(join(root, 'Dockerfile'), 'utf8');
  return text
    .split(/^(?=FROM )/m)
    .filter((part) => part.startsWith('FROM '))
    .map((part) => {
      const [, from, name] = /^FROM (\S+) AS (\S+)$/m.exec(part)!;
      return { name, from, copiesFrom: [...part.matchAll(/^COPY --from=(\S+)/gm)].map((match) => match[1]), text: part };
    });
}

/** What the runtime target copies into /app, as paths of the build (e.g. `dist/src`, `node_modules`). */
export function runtimeFiles(root: string): string[] {
  const runtime = dockerfileStages(root).find((stage) => stage.name === 'runtime')!;
  return [...runtime.text.matchAll(/^COPY --from=\S+ (?:--chown=\S+ )?\/app\/(\S+) \S+$/gm)].map((match) => match[1]);
}

/** Every `require()` in the compiled files the runtime target copies (jest runs after the build of dist/). */
export function runtimeRequires(root: string): { file: string; request: string; inRuntime: boolean }[] {
  const copied = runtimeFiles(root)
    .filter((path) => path.startsWith('dist/'))
    .map((path) => join(root, path));
  const walk = (path: string): string[] =>
    statSync(path).isDirectory() ? readdirSync(path).flatMap((name) => walk(join(path, name))) : path.endsWith('.js') ? [path] : [];
  const inRuntime = (target: string) => copied.some((base) => target === base || `${target}.js` === base || target.startsWith(`${base}/`));
  return copied.flatMap(walk).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/\brequire\("([^"]+)"\)/g)].map(([, request]) => ({
      file: relative(root, file),
      request,
      inRuntime: request.startsWith('.') && inRuntime(resolve(dirname(file), request)),
    })),
  );
}
