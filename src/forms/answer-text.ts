// Answers as plain text lines: option labels instead of codes, `4. April 2026`, `50 m`, a
// grouped IBAN, one line per address line, chosen option or file. The one place an answer is
// worded, so the receipt PDF, the snapshot an authority receives and the check page
// (views.ts, which only adds markup) say the same.
import type { Language, Translate } from '../web/i18n.ts';
import { type Answers, isAddress, isAttachmentList } from './answers.ts';
import type { FormDefinition, InputField } from './definition.ts';
import { formatDate, formatIban, formatNumber } from './formats.ts';
import { stepApplies, visibilityOf } from './visibility.ts';
import './messages.ts';

/** The lines of one answer; empty when there is none. */
export function answerLines(
  field: InputField,
  answer: unknown,
  t: Translate,
  lang: Language,
): string[] {
  if (answer === undefined || answer === '' || answer === null) return [];
  switch (field.type) {
    case 'textarea':
      return typeof answer === 'string' ? answer.split('\n') : [];
    case 'number': {
      if (typeof answer !== 'number') return [];
      const unit = field.unit?.[lang];
      return [unit ? `${formatNumber(answer, lang)} ${unit}` : formatNumber(answer, lang)];
    }
    case 'date':
      return typeof answer === 'string' ? [formatDate(answer, lang)] : [];
    case 'select':
    case 'radio':
      return [field.options.find((o) => o.value === answer)?.label[lang] ?? String(answer)];
    case 'checkboxes':
      return Array.isArray(answer)
        ? field.options.filter((o) => answer.includes(o.value)).map((o) => o.label[lang])
        : [];
    case 'yesno':
    case 'checkbox':
      return typeof answer === 'boolean' ? [t(answer ? 'forms.yes' : 'forms.no')] : [];
    case 'iban':
      return typeof answer === 'string' ? [formatIban(answer)] : [];
    case 'address':
      return isAddress(answer)
        ? [`${answer.street} ${answer.houseNumber}`, `${answer.postcode} ${answer.place}`]
        : [];
    case 'file':
      return isAttachmentList(answer) ? answer.map((f) => f.name) : [];
    default:
      return typeof answer === 'string' ? [answer] : [];
  }
}

export type AnswerSection = {
  title: string;
  entries: { fieldId: string; label: string; lines: string[] }[];
};

/**
 * Every step that applies with every field shown to the citizen, in form order, labelled in
 * `lang`: what the citizen saw on the check page, as text.
 */
export function answerSections(
  definition: FormDefinition,
  answers: Answers,
  t: Translate,
  lang: Language,
): AnswerSection[] {
  const visible = visibilityOf(definition, answers);
  const sections: AnswerSection[] = [];
  for (const step of definition.steps) {
    if (!stepApplies(definition, step.id, answers)) continue;
    const entries: AnswerSection['entries'] = [];
    for (const field of step.fields) {
      if (field.type === 'info' || !visible(field.id)) continue;
      entries.push({
        fieldId: field.id,
        label: field.label[lang],
        lines: answerLines(field, answers[field.id], t, lang),
      });
    }
    if (entries.length > 0) sections.push({ title: step.title[lang], entries });
  }
  return sections;
}
