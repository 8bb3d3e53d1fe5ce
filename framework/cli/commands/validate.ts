// folio validate <config | sweep file> [--set key=value]...: check a config, or every point of a
// sweep, without training.
import { builtinRegistry } from '../../../components/index.js';
import { loadConfig } from '../../config/load.js';
import { isSweepFile, loadSweepFile } from '../../sweep/spec.js';
import { validatePoints } from '../../sweep/validate-points.js';
import { expectPositionals, parseCommand, usageLine, type CommandDeclaration } from '../args.js';
import type { CommandIO } from '../io.js';

export const validateDeclaration = {
  name: 'validate',
  summary: 'check a config, or every point of a sweep file, without training',
  positionals: [{ name: '<config.yaml | sweep.yaml>', complete: { files: ['yaml', 'yml'] } }],
  options: {
    set: { kind: 'strings', value: 'key=value', help: 'override one config value, as folio run does', complete: 'config-keys' },
    print: { kind: 'boolean', help: 'print the resolved config as JSON' },
  },
} as const satisfies CommandDeclaration;

export const validateUsage = usageLine(validateDeclaration);

export async function validateCommand(argv: string[], io: CommandIO): Promise<number> {
  const parsed = parseCommand(validateDeclaration, argv, io);
  if (parsed === undefined) return 0;
  const { values, positionals } = parsed;
  expectPositionals(validateDeclaration, positionals, 1, 'one config file');
  if (await isSweepFile(positionals[0]!, io.cwd)) return validateSweep(positionals[0]!, values.set, io);
  const resolved = await loadConfig(positionals[0]!, { registry: builtinRegistry(), overrides: values.set, cwd: io.cwd });
  if (values.print) io.stdout.write(`${JSON.stringify(resolved.config, null, 2)}\n`);
  io.stdout.write(`${positionals[0]}: ok (config hash ${resolved.hash.slice(0, 12)})\n`);
  return 0;
}

/** Checks a sweep file and every point it can produce, as `folio sweep` does before its first trial. */
async function validateSweep(file: string, overrides: string[], io: CommandIO): Promise<number> {
  const registry = builtinRegistry();
  const spec = await loadSweepFile(file, { overrides, cwd: io.cwd });
  await validatePoints(spec, { registry, cwd: io.cwd });
  const trials = spec.trials * Math.max(1, spec.seeds.length);
  io.stdout.write(`${file}: ok (sweep ${spec.name}: ${spec.method}, ${trials} trial${trials === 1 ? '' : 's'})\n`);
  return 0;
}
