// The one place Folio imports TensorFlow.js. `@tensorflow/tfjs` (not tfjs-core alone)
// because it registers every op's gradient, which training needs.
import * as tf from '@tensorflow/tfjs';

export { tf };
