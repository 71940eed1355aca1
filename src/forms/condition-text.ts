// A condition in words ("Nur ausfüllen, wenn …"), for a field whose visibility depends on
// an answer on the same page.
import type { Language, Translate } from '../web/i18n.ts';
import { COMPARISONS, type Condition, isAll, isAny, isLeaf, isNot } from './conditions.ts';
import type { FormDefinition, InputField } from './definition.ts';
import { allFields } from './definition-fields.ts';
import { formatDate, formatNumber } from './formats.ts';
import type { Ctx } from './view-parts.ts';

export function conditionNote(open: Condition, ctx: Ctx): string {
  return ctx.t('forms.condition.note', {
    condition: describeCondition(open, ctx.definition, ctx.t, ctx.lang),
  });
}

/** A condition in words, for the note next to a field that depends on the same page. */
export function describeCondition(
  condition: Condition,
  definition: FormDefinition,
  t: Translate,
  lang: Language,
  nested = false,
): string {
  if (isAll(condition) || isAny(condition)) {
    const parts = isAll(condition) ? condition.all : condition.any;
    const text = parts
      .map((c) => describeCondition(c, definition, t, lang, true))
      .join(t(isAll(condition) ? 'forms.list.and' : 'forms.list.or'));
    return nested && parts.length > 1 ? `(${text})` : text;
  }
  if (isNot(condition)) {
    const inner = condition.not;
    if (isLeaf(inner) && !COMPARISONS.some((op) => op in inner)) {
      return leafText(inner, definition, t, lang, true);
    }
    return t('forms.condition.not', {
      condition: describeCondition(inner, definition, t, lang, true),
    });
  }
  return leafText(condition, definition, t, lang, false);
}

const DATE_COMPARISONS = {
  gt: 'forms.condition.dateGt',
  gte: 'forms.condition.dateGte',
  lt: 'forms.condition.dateLt',
  lte: 'forms.condition.dateLte',
} as const;

function leafText(
  leaf: Extract<Condition, { field: string }>,
  definition: FormDefinition,
  t: Translate,
  lang: Language,
  negated: boolean,
): string {
  const field = allFields(definition).find((f) => f.field.id === leaf.field)?.field;
  if (field === undefined || field.type === 'info') return '';
  const label = field.label[lang];
  const quote = (text: string) => t('forms.quote', { text });
  const choice = ['select', 'radio', 'checkboxes', 'yesno', 'checkbox'].includes(field.type);
  if ('equals' in leaf || 'in' in leaf) {
    const operands = 'equals' in leaf ? [leaf.equals] : leaf.in;
    const values = operands
      .map((v) => quote(displayOperand(field, v, t, lang)))
      .join(t('forms.list.or'));
    const key = choice
      ? negated
        ? 'forms.condition.notChosen'
        : 'forms.condition.chosen'
      : negated
        ? 'forms.condition.notEntered'
        : 'forms.condition.entered';
    return t(key, { label, values });
  }
  const ops = COMPARISONS.flatMap((op) => {
    const operand = leaf[op];
    if (operand === undefined) return [];
    if (typeof operand === 'string') {
      return [t(DATE_COMPARISONS[op], { value: formatDate(operand, lang) })];
    }
    return [t(`forms.condition.${op}`, { value: displayOperand(field, operand, t, lang) })];
  });
  return t('forms.condition.entered', { label, values: ops.join(t('forms.list.and')) });
}

function displayOperand(
  field: InputField,
  operand: string | number | boolean,
  t: Translate,
  lang: Language,
): string {
  if (typeof operand === 'boolean') return t(operand ? 'forms.yes' : 'forms.no');
  if (typeof operand === 'number') {
    const unit = field.type === 'number' ? field.unit?.[lang] : undefined;
    return unit ? `${formatNumber(operand, lang)} ${unit}` : formatNumber(operand, lang);
  }
  if ('options' in field) {
    return field.options.find((o) => o.value === operand)?.label[lang] ?? operand;
  }
  if (field.type === 'date') return formatDate(operand, lang);
  return operand;
}
