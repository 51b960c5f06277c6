import { randomBytes } from 'node:crypto';
import { retrieve } from '../knowledge/retrieval';
import { confidenceOf, topScoreOf } from './confidence';
import { leakCheck } from './leak-guard';
import { buildPrompt } from './prompt';
import { NoAnswerError } from './providers';
import { smallTalkReply } from './small-talk';
import type { AnswerTurn, TTurnResult } from './turn';

/** Passages retrieved per question. */
const PASSAGES = 6;

/**
 * The AI strategy, whichever provider answers (Gemini, or the offline
 * extractive answerer, which streams the same way): retrieves, abstains
 * below the confidence threshold, builds the grounded prompt and streams
 * the provider's answer through the turn's leak guard.
 */
export async function answerWithAi(turn: AnswerTurn): Promise<TTurnResult> {
  const { deps, settings, message } = turn;
  // "Hi", "thanks", "bye": answered like a person, not searched for, and never a knowledge gap.
  const smallTalk = smallTalkReply(message.content, settings.languagePolicy === 'fixed' ? settings.language : null);
  if (smallTalk) {
    await turn.stream.append(smallTalk);
    await turn.stream.flush();
    return {
      provider: deps.provider.name,
      model: deps.provider.model,
      passages: [],
      content: smallTalk,
      outcome: 'answered',
    };
  }
  const passages = await retrieve(
    { database: deps.database, embedder: deps.embedder },
    { chatbotId: turn.chatbot.id, query: message.content, k: PASSAGES },
  );
  const topScore = topScoreOf(passages);
  const model = deps.provider.name === 'gemini' ? (settings.model ?? deps.provider.model) : deps.provider.model;
  const base = { provider: deps.provider.name, model, passages };
  if (!passages.length || confidenceOf(deps.embedder.model, topScore) < settings.confidenceThreshold) {
    await turn.reportGap(passages.length ? 'low_confidence' : 'no_answer', topScore);
    return turn.fallback('abstained', base);
  }
  const canary = `pcy-${randomBytes(9).toString('base64url')}`;
  const prompt = buildPrompt({
    chatbotName: turn.chatbot.name,
    settings,
    passages,
    history: await turn.history(),
    message: message.content,
    visitorContext: turn.conversation.context,
    canary,
  });

  turn.stream.guard(leakCheck({ canary, instructions: prompt.systemInstruction }));
  let usage = { tokensIn: 0, tokensOut: 0 };
  try {
    for await (const event of deps.provider.generate({
      prompt,
      question: message.content,
      temperature: settings.temperature,
      maxOutputTokens: prompt.budget.answer,
      model: settings.model,
      signal: turn.signal,
      language: turn.language,
    })) {
      turn.throwIfCancelled();
      if (event.type === 'usage') {
        usage = event;
        continue;
      }
      if (!(await turn.stream.append(event.text))) break;
    }
  } catch (error) {
    turn.throwIfCancelled(error);
    if (error instanceof NoAnswerError) {
      await turn.reportGap('low_confidence', topScore);
      return turn.fallback('abstained', { ...base, prompt });
    }
    deps.log.error({ err: error, messageId: message.id, provider: deps.provider.name }, 'answering failed');
    return turn.fallback('failed', { ...base, prompt, ...usage });
  }
  if (!turn.stream.isClean()) {
    deps.log.warn({ messageId: message.id }, 'an answer repeated its instructions; replaced by the fallback');
    return turn.fallback('failed', { ...base, prompt, ...usage });
  }
  const text = turn.stream.answer;
  if (!text.trim()) return turn.fallback('failed', { ...base, prompt, ...usage });
  await turn.stream.flush();
  return { ...base, content: text.trim(), outcome: 'answered', prompt, ...usage };
}
