import { render } from 'preact';
import { App } from './app';
import type { TFrameBoot } from './types';
import './styles.css';
import './messages.css';

/** The server puts the chatbot's public settings into the page (`<script type="application/json" id="parley-boot">`). */
const readBoot = (): TFrameBoot | null => {
  try {
    const text = document.getElementById('parley-boot')?.textContent;
    return text ? (JSON.parse(text) as TFrameBoot) : null;
  } catch {
    return null;
  }
};

const boot = readBoot();
const root = document.getElementById('app')!;
if (boot) render(<App boot={boot} />, root);
else root.textContent = 'This chat is not available here.';
