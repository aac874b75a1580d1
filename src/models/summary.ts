/** A torchinfo-style table of a forecaster: layer, output shape, parameter count. */
import type { Forecaster } from './Forecaster';
import { parameterCount } from './Module';

export interface SummaryRow {
  layer: string;
  outputShape: string;
  parameters: number;
}

/** Rows of the summary; "B" stands for the batch size. */
export function summaryRows(model: Forecaster): SummaryRow[] {
  const { kind, inputSize, hiddenSize, numLayers, seqLen, horizon, head } = model.options;
  const recurrentName = `${kind} (${model.recurrent.className}(${inputSize}, ${hiddenSize}, num_layers=${numLayers}))`;
  const rows: SummaryRow[] = [
    { layer: recurrentName, outputShape: `[B, ${seqLen}, ${hiddenSize}]`, parameters: parameterCount(model.recurrent) },
  ];
  if (head === 'flatten') rows.push({ layer: 'flatten', outputShape: `[B, ${seqLen * hiddenSize}]`, parameters: 0 });
  else rows.push({ layer: 'last step', outputShape: `[B, ${hiddenSize}]`, parameters: 0 });
  rows.push({
    layer: `fc (Linear(${model.fc.inFeatures}, ${model.fc.outFeatures}))`,
    outputShape: `[B, ${horizon}]`,
    parameters: parameterCount(model.fc),
  });
  return rows;
}

/** The summary as a text table, with the total. */
export function summary(model: Forecaster): string {
  const rows = summaryRows(model);
  const total = rows.reduce((sum, row) => sum + row.parameters, 0);
  const w0 = Math.max(5, ...rows.map((r) => r.layer.length));
  const w1 = Math.max(12, ...rows.map((r) => r.outputShape.length));
  const line = '-'.repeat(w0 + w1 + 14);
  return [
    `${'Layer'.padEnd(w0)}  ${'Output shape'.padEnd(w1)}  ${'Param #'.padStart(10)}`,
    line,
    ...rows.map((r) => `${r.layer.padEnd(w0)}  ${r.outputShape.padEnd(w1)}  ${r.parameters.toLocaleString('en-US').padStart(10)}`),
    line,
    `Total params: ${total.toLocaleString('en-US')}`,
  ].join('\n');
}
