// One bench result: printed as one line of JSON, {"bench": name, "value": number, "unit": unit, ...details}.
export interface Figure {
  bench: string;
  value: number;
  unit: string;
  [detail: string]: unknown;
}

export function printFigure(figure: Figure): void {
  process.stdout.write(`${JSON.stringify(figure)}\n`);
}
