import { dirname } from 'node:path';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { startTracing, Tracing } from '@app/observability';

/** What the instrumentations hold of each module they patch (their require hook's view). */
interface ModuleDefinition {
  readonly name: string;
  readonly files: readonly { readonly name: string }[];
}
interface RequireHooked {
  /** The definitions the instrumentation unpatches when disabled (`getModuleDefinitions` makes new ones). */
  readonly _modules: ModuleDefinition[];
  _onRequire(definition: ModuleDefinition, exports: unknown, name: string, baseDir: string | undefined): unknown;
}

/**
 * Starts tracing into `exporter`, as an engine process does on its first import, and patches
 * the modules the instrumentations cover. Jest loads a test file's modules through a registry of
 * its own, past the hook on Node's `require` that patches them in a real process: each module is
 * handed to the instrumentation here instead, as that hook would (and `shutdown` unpatches them,
 * Node's own `http` included, which later test files of the same worker share). Call it before
 * the engine's modules are loaded (require them after it).
 *
 * @example
 * const tracing = startTestTracing(new InMemorySpanExporter());
 * const { startTestEngine } = require('./support/test-engine');
 */
export function startTestTracing(exporter: SpanExporter): Tracing {
  const tracing = startTracing({ exporter, scheduledDelayMillis: 20 });
  if (!tracing) throw new Error('tracing did not start');
  for (const instrumentation of tracing.instrumentations as RequireHooked[]) {
    for (const definition of instrumentation._modules) {
      const baseDir = packageDir(definition.name);
      if (!baseDir && !isCoreModule(definition.name)) continue;
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      instrumentation._onRequire(definition, require(definition.name), definition.name, baseDir);
      for (const file of definition.files) {
        let exports: unknown;
        try {
          // eslint-disable-next-line @typescript-eslint/no-require-imports
          exports = require(file.name);
        } catch {
          continue;
        }
        instrumentation._onRequire(definition, exports, file.name, baseDir);
      }
    }
  }
  return tracing;
}

/** A module of Node itself: it resolves to its own name. */
function isCoreModule(name: string): boolean {
  try {
    return require.resolve(name) === name;
  } catch {
    return false;
  }
}

function packageDir(name: string): string | undefined {
  try {
    return dirname(require.resolve(`${name}/package.json`));
  } catch {
    return undefined;
  }
}
