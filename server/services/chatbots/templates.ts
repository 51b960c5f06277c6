import { DEFAULT_SETTINGS, type TChatbotSettings } from './settings';

export const TEMPLATE_IDS = ['support', 'sales', 'faq', 'product', 'blank'] as const;

export type TTemplateId = (typeof TEMPLATE_IDS)[number];

export type TChatbotTemplate = {
  id: TTemplateId;
  /** Message keys: listTemplates gives the name and description in the reader's language. */
  name: string;
  description: string;
  settings: TChatbotSettings;
};

const template = (
  id: TTemplateId,
  name: string,
  description: string,
  settings: Partial<TChatbotSettings>,
): TChatbotTemplate => ({ id, name, description, settings: { ...DEFAULT_SETTINGS, ...settings } });

/**
 * Starting points for the setup wizard. They only preset settings: a
 * template brings no knowledge, so it suggests no questions (a suggested
 * question the bot cannot answer is the visitor's first "I don't know");
 * the wizard's knowledge step asks for questions the added knowledge
 * answers instead. A chatbot keeps no link to its template beyond the name shown in lists, so
 * improving a template never changes bots already made from it.
 */
export const TEMPLATES: readonly TChatbotTemplate[] = [
  template('support', 'chatbots:templates.support.name', 'chatbots:templates.support.description', {
    persona: [
      'You are the friendly, patient support agent for this company.',
      'Help customers solve their problem with clear, step-by-step answers based only on the knowledge provided.',
      'Ask one short clarifying question when a request is ambiguous.',
      'When you cannot find the answer, or the customer is frustrated, say so honestly and offer to connect them with a person.',
      'Never guess about orders, accounts, refunds or prices you cannot see.',
    ].join(' '),
    greeting: 'Hi! I’m here to help. What can I do for you today?',
    suggestedQuestions: [],
    fallbackMessage:
      'I couldn’t find an answer to that in our help content. Would you like me to connect you with someone from our team?',
    handoffPolicy: 'on_low_confidence',
    temperature: 0.2,
    answerLength: 'medium',
  }),
  template('sales', 'chatbots:templates.sales.name', 'chatbots:templates.sales.description', {
    persona: [
      'You are a helpful, upbeat sales assistant.',
      'Understand what the visitor needs, then recommend the plans or products from the knowledge provided that fit best, explaining why in plain words.',
      'Be honest about limitations; never invent prices, discounts or features.',
      'When the visitor shows buying interest or asks about custom terms, offer to put them in touch with the sales team.',
    ].join(' '),
    greeting: 'Hi there! Looking for the right plan? Tell me a little about what you need.',
    suggestedQuestions: [],
    fallbackMessage: 'Good question — I don’t have that detail. Would you like to talk to someone from our sales team?',
    handoffPolicy: 'always_offer',
    temperature: 0.5,
    answerLength: 'medium',
  }),
  template('faq', 'chatbots:templates.faq.name', 'chatbots:templates.faq.description', {
    persona: [
      'You answer frequently asked questions.',
      'Reply briefly and directly, using only the questions and answers provided, and quote them faithfully.',
      'If the question is not covered, say so in one sentence instead of guessing.',
    ].join(' '),
    greeting: 'Hi! Ask me anything — I’ll answer from our FAQ.',
    suggestedQuestions: [],
    fallbackMessage: 'That question isn’t in our FAQ yet. Try rephrasing it, or ask to talk to a person.',
    handoffPolicy: 'on_request',
    temperature: 0,
    answerLength: 'short',
  }),
  template('product', 'chatbots:templates.product.name', 'chatbots:templates.product.description', {
    persona: [
      'You are an expert on this product who explains it the way an experienced colleague would.',
      'Answer from the documentation provided: explain how features work, walk through set-up step by step, and point out best practices and common pitfalls.',
      'Use short examples when they help, name the relevant settings exactly as the product does, and say clearly when the documentation does not cover something.',
    ].join(' '),
    greeting: 'Hi! Ask me how anything in the product works.',
    suggestedQuestions: [],
    fallbackMessage: 'The documentation doesn’t cover that yet. Would you like to ask our team?',
    handoffPolicy: 'on_low_confidence',
    temperature: 0.3,
    answerLength: 'long',
  }),
  template('blank', 'chatbots:templates.blank.name', 'chatbots:templates.blank.description', {}),
];

export const templateById = (id: string) => TEMPLATES.find((t) => t.id === id);
