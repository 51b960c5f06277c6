/**
 * Greetings, thanks and goodbyes: answered as a person would, in the
 * visitor's words' language, without searching the knowledge (so they are
 * never "I couldn't find an answer" nor a knowledge gap).
 */
type TKind = 'hello' | 'thanks' | 'bye';

const PATTERNS: [RegExp, TKind, string][] = [
  [/^(hi|hello|hey|hiya|good (morning|afternoon|evening))$/, 'hello', 'en'],
  [/^(hallo|guten (morgen|tag|abend)|servus|moin)$/, 'hello', 'de'],
  [/^(bonjour|salut|bonsoir|coucou)$/, 'hello', 'fr'],
  [/^(hola|buenas( tardes| noches)?|buenos d[ií]as)$/, 'hello', 'es'],
  [/^(thanks?( you)?( so much| a lot)?|thx|ty|cheers|great,? thanks?)$/, 'thanks', 'en'],
  [/^(danke( sch[öo]n| sehr)?|vielen dank)$/, 'thanks', 'de'],
  [/^(merci( beaucoup)?)$/, 'thanks', 'fr'],
  [/^(gracias|muchas gracias)$/, 'thanks', 'es'],
  [/^(bye|goodbye|bye bye|see you|see ya|have a nice day)$/, 'bye', 'en'],
  [/^(tsch[üu]ss|auf wiedersehen|ciao)$/, 'bye', 'de'],
  [/^(au revoir|bonne journ[ée]e|à bientôt|a bientot)$/, 'bye', 'fr'],
  [/^(adi[óo]s|hasta luego|chao)$/, 'bye', 'es'],
];

const REPLIES: Record<string, Record<TKind, string>> = {
  en: {
    hello: 'Hi! What can I help you with?',
    thanks: 'You’re welcome! Anything else I can help with?',
    bye: 'Goodbye, and have a great day!',
  },
  de: {
    hello: 'Hallo! Wobei kann ich helfen?',
    thanks: 'Gern geschehen! Kann ich sonst noch helfen?',
    bye: 'Auf Wiedersehen und einen schönen Tag!',
  },
  fr: {
    hello: 'Bonjour ! Comment puis-je vous aider ?',
    thanks: 'Avec plaisir ! Puis-je vous aider pour autre chose ?',
    bye: 'Au revoir et bonne journée !',
  },
  es: {
    hello: '¡Hola! ¿En qué puedo ayudarte?',
    thanks: '¡De nada! ¿Puedo ayudarte con algo más?',
    bye: '¡Adiós y que tengas un buen día!',
  },
};

/**
 * The reply to a message that is only small talk, or null. `language` (the
 * chatbot's fixed language) wins over the language of the words used.
 */
export function smallTalkReply(message: string, language: string | null = null): string | null {
  const words = message
    .toLowerCase()
    .replace(/[!?.,;:…'’"()\s]+/g, ' ')
    .replace(/[^\p{L}\p{N} -]/gu, '')
    .trim();
  if (!words || words.length > 40) return null;
  for (const [pattern, kind, wordsLanguage] of PATTERNS)
    if (pattern.test(words)) return (REPLIES[language ?? wordsLanguage] ?? REPLIES[wordsLanguage]!)[kind];
  return null;
}
