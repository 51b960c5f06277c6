// The part of `sentiment` (AFINN-165 lexicon scoring) Parley uses; the package ships no types.
declare module 'sentiment' {
  export default class Sentiment {
    analyze(text: string): { score: number; comparative: number };
  }
}
