/** How the console labels this upstream, so nobody mistakes it for a real model. */
export const LOCAL_SIMULATOR_LABEL = 'local simulator';

/** The well-behaved model. */
export const DEFAULT_MODEL = 'sim-small';

/**
 * Models that misbehave on purpose, so gateway tests can prove the pipeline fails closed:
 * `sim-timeout` accepts the request and never answers; `sim-500` answers HTTP 500 with an
 * OpenAI error body; `sim-garbled` starts a valid answer then breaks it (truncated JSON, no
 * `[DONE]`); `sim-slow` answers like `sim-small` after a delay, and streams slowly.
 */
export const FAULT_MODELS = ['sim-timeout', 'sim-500', 'sim-garbled', 'sim-slow'] as const;

export type SimulatorModel = typeof DEFAULT_MODEL | (typeof FAULT_MODELS)[number];

export const SIMULATOR_MODELS: readonly SimulatorModel[] = [DEFAULT_MODEL, ...FAULT_MODELS];

export function isSimulatorModel(model: string): model is SimulatorModel {
  return (SIMULATOR_MODELS as readonly string[]).includes(model);
}

/** A fixed creation time: model listings are deterministic. */
const MODELS_CREATED = 1_767_225_600;

export function createModelObject(id: string) {
  return { id, object: 'model', created: MODELS_CREATED, owned_by: 'bulkhead-local-simulator' };
}
