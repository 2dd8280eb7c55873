// Loads @prisma/schema-engine-wasm by hand: its entry does `import * as wasm from "./x.wasm"`,
// which Node 20 cannot do without --experimental-wasm-modules.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import * as glue from '@prisma/schema-engine-wasm/schema_engine_bg';

const require = createRequire(import.meta.url);
let isInstantiated = false;

/** The message of the last WASM panic, recorded by the engine's panic hook. */
const panicRegistry = {
  message: null,
  set_message(message) {
    this.message = message;
  },
  get() {
    return this.message;
  },
};

/** Instantiates the WASM module once per process and returns the JS bindings. */
export function loadSchemaEngineModule() {
  if (!isInstantiated) {
    // The glue calls global.PRISMA_WASM_PANIC_REGISTRY.set_message() from its panic hook.
    globalThis.PRISMA_WASM_PANIC_REGISTRY = panicRegistry;
    const gluePath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const bytes = fs.readFileSync(path.join(path.dirname(gluePath), 'schema_engine_bg.wasm'));
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { './schema_engine_bg.js': glue });
    glue.__wbg_set_wasm(instance.exports);
    instance.exports.__wbindgen_start();
    isInstantiated = true;
  }
  return glue;
}

/**
 * Creates a WASM schema engine connected through the given driver adapter factory.
 * @param {{ datamodels: [string, string][] | undefined, adapterFactory: object, onLog: (line: string) => void }} options
 */
export async function createSchemaEngine({ datamodels, adapterFactory, onLog }) {
  const { SchemaEngine } = loadSchemaEngineModule();
  // `datamodels` must be undefined or non-empty: an empty list panics inside the engine.
  const options = { datamodels: datamodels?.length ? datamodels : undefined };
  return SchemaEngine.new(options, onLog, bindMigrationAwareSqlAdapterFactory(adapterFactory));
}
