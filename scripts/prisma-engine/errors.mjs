// Renders failures as the binary does: JSON-RPC error 4466 whose `data` is Prisma's user-facing error
// ({ is_panic, message, error_code?, meta? }). The CLI shows `data.message` and, if set, `data.error_code`.
// No package imports here: this module also reports a refused start-up.

const ENGINE_ERROR_CODE = 4466;
const ENGINE_ERROR_MESSAGE = 'An error happened. Check the data field for details.';

/** Describes a thrown value as the user-facing error payload of the native engine. */
export function toUserFacingError(error) {
  // A Rust panic surfaces as a WebAssembly trap ("unreachable"); the engine's panic hook
  // recorded the real message in the registry that wasm-engine.mjs installs.
  if (error?.name === 'RuntimeError') {
    const message = globalThis.PRISMA_WASM_PANIC_REGISTRY?.get() ?? String(error.message);
    return { is_panic: true, message, backtrace: error.stack ?? null };
  }
  const message = String(error?.message ?? error);
  if (typeof error?.code === 'string' && /^P\d{4}$/.test(error.code)) {
    return { is_panic: false, message, meta: error.meta ?? {}, error_code: error.code };
  }
  return { is_panic: false, message, backtrace: null };
}

/** Builds the JSON-RPC error object for a failed request. */
export function toJsonRpcError(error) {
  return { code: ENGINE_ERROR_CODE, message: ENGINE_ERROR_MESSAGE, data: toUserFacingError(error) };
}
