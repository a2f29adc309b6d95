/** The method list as config/, protocol/ and summaries name it: re-exported from the registry (source/methods/). */
export {isMethod, methodInfo, methodNamed, methods, type Method} from '../methods/registry.js';
