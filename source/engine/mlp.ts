/**
 * Where callers have always imported the model from: the types live in model.ts, the factory in create-mlp.ts, the two
 * implementations in direct-mlp.ts and tfjs-mlp.ts (which import neither each other nor this file).
 */
export {createMlp, mlpShape} from './create-mlp.js';
export type {Mlp, MlpEngine, MlpOptions, PixelArray} from './model.js';
