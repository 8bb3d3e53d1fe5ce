// A row of the benchmark's report, as bench/main.ts prints it.
export interface QueueFigure {
  name: string;
  value: number;
  unit: string;
  target?: string;
  pass?: boolean;
}
