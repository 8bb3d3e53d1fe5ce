// A sweep that cannot run as asked (a user's mistake, reported without a stack trace, exit 2).
export class SweepError extends Error {}
