// Every built-in component, registered explicitly (never as a side effect of an import).
import { Registry } from '../framework/registry/registry.js';
import causalSelfAttention from './attention/causal-self-attention.js';
import auto from './backend/auto.js';
import cpu from './backend/cpu.js';
import native from './backend/native.js';
import tensorflow from './backend/tensorflow.js';
import wasm from './backend/wasm.js';
import webgpu from './backend/webgpu.js';
import preLn from './block/pre-ln.js';
import textFile from './dataset/text-file.js';
import tinyShakespeare from './dataset/tiny-shakespeare.js';
import mlp from './feedforward/mlp.js';
import swiglu from './feedforward/swiglu.js';
import bigram from './model/bigram.js';
import dpo from './objective/dpo.js';
import nextToken from './objective/next-token.js';
import rewardModelObjective from './objective/reward-model.js';
import gpt from './model/gpt.js';
import adam from './optimizer/adam.js';
import jsonl from './preferences/jsonl.js';
import selfPlay from './preferences/self-play.js';
import lexicon from './reward/lexicon.js';
import modelReward from './reward/model.js';
import regex from './reward/regex.js';
import adamw from './optimizer/adamw.js';
import sgd from './optimizer/sgd.js';
import constant from './schedule/constant.js';
import warmupCosine from './schedule/warmup-cosine.js';
import byteBpe from './tokenizer/byte-bpe.js';
import char from './tokenizer/char.js';

export const builtinComponents = [
  char, byteBpe,
  tinyShakespeare, textFile,
  gpt, bigram,
  preLn,
  causalSelfAttention,
  mlp, swiglu,
  adamw, adam, sgd,
  constant, warmupCosine,
  auto, webgpu, native, wasm, cpu, tensorflow,
  nextToken, dpo, rewardModelObjective,
  lexicon, regex, modelReward,
  selfPlay, jsonl,
];

export function builtinRegistry(): Registry {
  return new Registry().register(...builtinComponents);
}
