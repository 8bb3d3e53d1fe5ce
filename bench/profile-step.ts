// npm run build && node dist/bench/profile-step.js [backend] [steps] [config]
// Where a training step spends its time, per phase and kernel by kernel, with this process's
// thread count (FOLIO_THREADS). `npm run bench -- --suite profile` runs it for 1 and 2 threads.
import { formatProfile, profileStep } from './profile.js';

const backend = process.argv[2] ?? 'native';
const steps = Number(process.argv[3] ?? 10);
const configFile = process.argv[4] ?? new URL('../../configs/shakespeare-char.yaml', import.meta.url).pathname;
const profile = await profileStep(configFile, backend, steps);
console.log(formatProfile(profile, `${profile.backend}, FOLIO_THREADS=${process.env.FOLIO_THREADS ?? 'all'}`).join('\n'));
