// A sweep that cannot run as asked (a user's mistake, reported without a stack trace, exit 2).
import { UserMistake } from '../errors.js';

export class SweepError extends UserMistake {}
