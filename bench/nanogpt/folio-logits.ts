// node dist/bench/nanogpt/folio-logits.js <run-id> [text] > logits.json
// The logits a run's best checkpoint gives for `text`, for check_export.py to compare with nanoGPT's.
import { readRunCheckpoint } from '../../framework/cli/run-checkpoint.js';
import { configDirOf } from '../../framework/cli/stored-config.js';
import { processIO } from '../../framework/cli/io.js';
import { tf } from '../../framework/engine/tf.js';
import { restoreModel } from '../../framework/training/checkpoint/restore-model.js';

const [runId, text = 'ROMEO:\nWhat say'] = process.argv.slice(2);
const io = processIO();
const { run, checkpoint, loaded } = await readRunCheckpoint(Number(runId), 'best', undefined, io);
const restored = await restoreModel(checkpoint, loaded.config, loaded.registry, configDirOf(run, io.cwd));
const ids = Array.from(restored.tokenizer.encode(text)).slice(-restored.model.blockSize);
const logits = restored.model.forward(tf.tensor2d([ids], [1, ids.length], 'int32'), false); // (1, T, V)
process.stdout.write(`${JSON.stringify({ ids, logits: Array.from(await logits.data()) })}\n`);
restored.dispose();
