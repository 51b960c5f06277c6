import Sentiment from 'sentiment';
import { cosine, offlineVector, STOPWORDS, tokenize } from '../knowledge/embedder';

export type TSentiment = 'positive' | 'neutral' | 'negative';
export type TLabels = { topic: string | null; sentiment: TSentiment; language: string | null };

const analyzer = new Sentiment();

/** tinyld's profiles (~33 MB of RSS when imported alone) load with the first conversation labelled, not at start. */
const languageDetector = async () => (await import('tinyld')).detect;

/** AFINN's score per word (-5 to 5): past ±0.1 a conversation leans one way (one "terrible" in a dozen words does). */
const SENTIMENT_SHARE = 0.1;

/** A question this close (offline vectors) to a topic's name joins that topic instead of starting one. */
export const JOIN_TOPIC_SIMILARITY = 0.3;

/** Words too common in support chats to name a topic. */
const GENERIC = new Set(
  'hello hi hey thanks thank please help need want know get can just like yes ok okay sure still also one'.split(' '),
);

/**
 * Labels a conversation from its visitor messages without any outside
 * service: language by `tinyld` (trained n-gram profiles, 60+ languages),
 * sentiment by `sentiment` (the AFINN-165 lexicon), and the topic by
 * leader clustering: the messages join the workspace's nearest existing
 * topic when it is close enough, and otherwise start a new topic named by
 * their two most frequent content words.
 */
export async function labelOffline(visitorText: string[], knownTopics: string[]): Promise<TLabels> {
  const text = visitorText.join('\n').slice(0, 5000);
  const comparative = analyzer.analyze(text).comparative;
  const sentiment: TSentiment =
    comparative >= SENTIMENT_SHARE ? 'positive' : comparative <= -SENTIMENT_SHARE ? 'negative' : 'neutral';
  // tinyld needs a few words to tell languages apart; it answers '' when unsure.
  const language = text.trim().length >= 12 ? (await languageDetector())(text) || null : null;
  return { topic: topicOf(text, knownTopics), sentiment, language };
}

function topicOf(text: string, knownTopics: string[]) {
  const vector = offlineVector(text);
  let best: { topic: string; score: number } | null = null;
  for (const topic of knownTopics) {
    const score = cosine(vector, offlineVector(topic));
    if (score >= JOIN_TOPIC_SIMILARITY && (!best || score > best.score)) best = { topic, score };
  }
  if (best) return best.topic;
  const counts = new Map<string, number>();
  for (const word of tokenize(text))
    if (word.length >= 3 && !STOPWORDS.has(word) && !GENERIC.has(word) && !/^\d+$/.test(word))
      counts.set(word, (counts.get(word) ?? 0) + 1);
  const words = [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, 2)
    .map(([word]) => word);
  if (!words.length) return null;
  const name = words.join(' ');
  return name.charAt(0).toUpperCase() + name.slice(1);
}
