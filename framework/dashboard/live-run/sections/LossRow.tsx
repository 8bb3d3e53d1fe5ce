// Current training loss with its recent history as a sparkline; learning rate and gradient norm on the right.
import { formatGradNorm, formatLoss, formatLr } from '../../../present/format.js';
import { fieldsLength, type Field } from '../../widgets/FieldGroup.js';
import { FieldRow } from '../../widgets/FieldRow.js';
import { sparkline } from '../../widgets/Sparkline.js';
import { isBad, type SectionProps } from './shared.js';

/** Narrower than this, the sparkline takes the line and lr/grad move below it. */
const MIN_SPARK = 12;
const GAP = 2;

export function LossRow({ state, width }: SectionProps) {
  const loss: Field = {
    label: 'loss',
    value: state.loss === undefined ? '–' : formatLoss(state.loss),
    bold: true,
    color: isBad(state.loss) ? 'red' : undefined,
  };
  const right: Field[] =
    state.lr === undefined
      ? []
      : [
          { label: 'lr', value: formatLr(state.lr) },
          { label: 'grad', value: formatGradNorm(state.gradNorm ?? NaN), color: isBad(state.gradNorm) ? 'red' : undefined },
        ];
  const besideLoss = width - fieldsLength([loss]) - GAP;
  const shared = right.length === 0 ? besideLoss : besideLoss - fieldsLength(right) - GAP;
  const sparkWidth = Math.max(0, shared >= MIN_SPARK ? shared : besideLoss);
  const spark = sparkline(state.lossHistory, sparkWidth);
  const left = spark === '' ? [loss] : [loss, { value: spark, color: 'cyan' }];
  return <FieldRow width={width} gap={GAP} left={left} right={right} />;
}
