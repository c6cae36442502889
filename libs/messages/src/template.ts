/** A message template of one kind and locale: a Handlebars source per part of the email. */
export interface MessageTemplate {
  /** One line, no markup; values are inserted as they are, with line breaks removed. */
  subject: string;
  /** Well-formed HTML; every value is HTML-escaped. */
  html: string;
  /** Plain text; values are inserted as they are. */
  text: string;
}

export type TemplatePart = keyof MessageTemplate;
