// The builders a model calls for its blocks, attentions and feed-forwards: each call builds a
// layer with its own weights, from the config node under `model:`, checked for the (B, T, C) it must keep.
import type { ParameterScope } from '../engine/parameters.js';
import type { BaseContext, LayerFactories, ModelDims } from '../registry/contracts.js';
import type { ComponentConfig } from '../registry/define.js';
import type { Registry } from '../registry/registry.js';
import { shapeCheckedLayer } from './shape-checks.js';

type LayerKind = 'block' | 'attention' | 'feedforward';

/** `base` is the model's context: layers draw from the model's generator (weight init, dropout). */
export function layerFactories(model: ComponentConfig, registry: Registry, base: BaseContext): LayerFactories {
  const nodeOf = (kind: LayerKind): ComponentConfig => {
    const node = model[kind] as ComponentConfig | undefined;
    if (node === undefined) throw new Error(`model ${model.type} builds a ${kind} but its config names none`);
    return node;
  };
  const build = (kind: LayerKind, params: ParameterScope, dims: ModelDims) => {
    const node = nodeOf(kind);
    const layer = registry.create(kind, node, { ...base, params, dims, layers: factories });
    return shapeCheckedLayer(layer, registry.describe(registry.get(kind, node.type)));
  };
  const factories: LayerFactories = {
    block: (params, dims) => build('block', params, dims),
    attention: (params, dims) => build('attention', params, dims),
    feedforward: (params, dims) => build('feedforward', params, dims),
  };
  return factories;
}
